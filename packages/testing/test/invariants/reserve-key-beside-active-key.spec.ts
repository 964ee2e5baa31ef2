import type { KeySlot, LedgerState } from '@license-ledger/core';
import { reserveKeyBesideActiveKey } from '../../src/invariants/reserve-key-beside-active-key';
import { withSvm } from '../support/fixtures';
import { instantOf, replayedClean } from '../../src/builders/events';

const key = (keyId: string) => ({
  keyId,
  type: 'server' as const,
  edition: 'standard' as const,
  subscription: false,
  termDays: 365,
});

const withReserve = (): LedgerState =>
  replayedClean([
    { type: 'SvmRegistered', id: 'k1', at: instantOf('2025-01-01T00:00:00Z'), svmId: 'svm-1', clusterId: 'c-1' },
    { type: 'KeyActivated', id: 'k2', at: instantOf('2025-01-01T00:00:00Z'), svmId: 'svm-1', key: key('K-A') },
    {
      type: 'ReserveKeyAdded',
      id: 'k3',
      at: instantOf('2025-01-02T00:00:00Z'),
      target: { svmId: 'svm-1' },
      key: key('K-B'),
    },
  ]);

const breakSlot = (change: (slot: KeySlot) => KeySlot): LedgerState =>
  withSvm(withReserve(), 'svm-1', (svm) => ({ ...svm, slots: svm.slots.map(change) }));

describe('reserveKeyBesideActiveKey', () => {
  test('R-K4: passes with a standard server reserve beside a standard server key', () => {
    expect(reserveKeyBesideActiveKey(withReserve())).toEqual([]);
  });

  test('R-K4: catches a reserve with no active key', () => {
    expect(reserveKeyBesideActiveKey(breakSlot((slot) => ({ ...slot, active: null })))).toEqual([
      'R-K4: svm-1 server slot: reserve key K-B has no active key beside it',
    ]);
  });

  test('R-K4: catches a reserve of another edition, a subscription key and a trial reserve', () => {
    const broken = breakSlot((slot) => ({
      ...slot,
      reserve: slot.reserve === null ? null : { ...slot.reserve, edition: 'enterprise', trial: true },
      active: slot.active === null ? null : { ...slot.active, key: { ...slot.active.key, subscription: true } },
    }));
    expect(reserveKeyBesideActiveKey(broken)).toEqual([
      'R-K4: svm-1 server slot: reserve key K-B is enterprise, active key K-A is standard',
      'R-K4: svm-1 server slot: reserve key K-B sits with a subscription key (K-A)',
      'R-K4: svm-1 server slot: reserve key K-B is a trial key',
    ]);
  });
});
