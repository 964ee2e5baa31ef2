import { advanceTo, decodeEvent, emptyLedger, type LedgerEvent, replay } from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import { ledgerFingerprint } from '../../src/fingerprint/ledger-fingerprint';
import { kesHistory, kesState, withLicense } from '../support/fixtures';
import { instantOf } from '../../src/builders/events';

describe('ledgerFingerprint', () => {
  test('R-L6: is the same for the same history replayed twice', () => {
    const events = kesHistory();
    expect(ledgerFingerprint(replay()(events).state)).toBe(ledgerFingerprint(replay()(events).state));
  });

  test('tells apart states that differ in one license, in time, or in one more event', () => {
    const state = kesState();
    const later = advanceTo(instantOf('2025-04-01T00:00:00Z'))(state);
    const prints = [
      ledgerFingerprint(state),
      ledgerFingerprint(withLicense(state, 'kes#4', (license) => ({ ...license, daysLeft: 364 }))),
      ledgerFingerprint(E.isRight(later) ? later.right : emptyLedger()),
      ledgerFingerprint(replay()(kesHistory().slice(0, -1)).state),
    ];
    expect(new Set(prints).size).toBe(4);
  });

  test('includes every license of every pool with its history, untouched ones too (R-P3)', () => {
    const print = JSON.parse(ledgerFingerprint(kesState())) as {
      pools: { licenses: { licenseId: string; history: unknown[] }[] }[];
    };
    expect(print.pools[0]?.licenses.map((l) => [l.licenseId, l.history.length])).toEqual([
      ['kes#1', 1],
      ['kes#2', 1],
      ['kes#3', 3],
      ['kes#4', 0],
    ]);
  });

  test('does not depend on the key order of the events it was built from', () => {
    const handMade: LedgerEvent = {
      at: instantOf('2025-01-01T00:00:00Z'),
      id: 'k1',
      clusterId: 'c-1',
      svmId: 'svm-1',
      type: 'SvmRegistered',
    };
    const key = { termDays: 30, subscription: false, edition: 'standard', type: 'server', keyId: 'K-1' } as const;
    const activation: LedgerEvent = {
      svmId: 'svm-1',
      key,
      id: 'k2',
      type: 'KeyActivated',
      at: instantOf('2025-01-02T00:00:00Z'),
    };
    const decoded = [handMade, activation].map((event) => {
      const result = decodeEvent(
        JSON.parse(JSON.stringify({ ...event, at: '2025-01-0' + (event.id === 'k1' ? '1' : '2') + 'T00:00:00Z' })),
      );
      if (E.isLeft(result)) throw new Error(JSON.stringify(result.left));
      return result.right;
    });
    expect(ledgerFingerprint(replay()(decoded).state)).toBe(ledgerFingerprint(replay()([handMade, activation]).state));
  });

  test('leaves out bookkeeping: a no-op event changes the applied ids, not the fingerprint', () => {
    const state = kesState();
    const noOp = replay({ from: state })([
      { type: 'CleanDatabaseRun', id: 'noop', at: instantOf('2025-03-11T00:00:00Z') },
    ]).state;
    expect(noOp.appliedIds.size).toBe(state.appliedIds.size + 1);
    expect(ledgerFingerprint(noOp)).toBe(ledgerFingerprint(state));
  });
});
