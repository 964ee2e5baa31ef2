import { slotStatus } from '../src/slot-status';
import {
  activated,
  at,
  key,
  plusDays,
  plusMs,
  registered,
  renewal,
  reserveAdded,
  stateAt,
  stateOf,
  T0,
} from './fixtures';
import { type LedgerEvent, type LedgerState } from '@license-ledger/core';
import { getSvm } from '@license-ledger/core/internal';

const END = at('2026-01-01T00:00:00Z');

const serverSlot = (state: LedgerState) => {
  const slot = getSvm(state, 'svm-1')?.slots.find((s) => s.type === 'server');
  if (slot === undefined) throw new Error('svm-1 has no server slot');
  return slotStatus(slot);
};

const byCode: LedgerEvent[] = [registered('r1', T0, 'svm-1', 'c1'), activated('a1', T0, 'svm-1', key('K-A'), true)];

describe('slotStatus', () => {
  test('docs/report-json.md, R-K1: a running key is licensed, shown with the instant its term ends', () => {
    expect(serverSlot(stateOf(byCode))).toEqual({
      type: 'server',
      status: 'licensed',
      active: { keyId: 'K-A', endsAt: END },
      reserve: null,
    });
  });

  test('docs/report-json.md, R-K4: a reserve key is shown beside the active one by its id', () => {
    const state = stateOf([
      ...byCode,
      reserveAdded('k1', plusDays(T0, 300), { svmId: 'svm-1' }, key('K-B', { termDays: 30 })),
    ]);
    expect(serverSlot(state)).toEqual({
      type: 'server',
      status: 'licensed',
      active: { keyId: 'K-A', endsAt: END },
      reserve: { keyId: 'K-B' },
    });
  });

  test('R-K5: while online renewal is awaited the slot is unlicensed, with no active key', () => {
    expect(serverSlot(stateAt(byCode, END))).toEqual({
      type: 'server',
      status: 'unlicensed',
      active: null,
      reserve: null,
    });
  });

  test('R-K5: after online renewal failed the slot is renewal-failed', () => {
    expect(serverSlot(stateOf([...byCode, renewal('n1', plusMs(END, 60_000), 'svm-1', 'server', null)])).status).toBe(
      'renewal-failed',
    );
  });

  test('R-K5: after online renewal succeeded the slot is licensed by the new key', () => {
    const renewedAt = plusMs(END, 60_000);
    expect(
      serverSlot(stateOf([...byCode, renewal('n1', renewedAt, 'svm-1', 'server', key('K-R', { termDays: 30 }))])),
    ).toEqual({
      type: 'server',
      status: 'licensed',
      active: { keyId: 'K-R', endsAt: plusDays(renewedAt, 30) },
      reserve: null,
    });
  });

  test('R-K5: a key not activated by code that ends with no reserve leaves the slot unlicensed', () => {
    const events = [registered('r1', T0, 'svm-1', 'c1'), activated('a1', T0, 'svm-1', key('K-A'))];
    expect(serverSlot(stateAt(events, plusMs(END, -1))).status).toBe('licensed');
    expect(serverSlot(stateAt(events, END)).status).toBe('unlicensed');
  });

  test('R-K3, R-K5: a manual activation after a failed renewal makes the slot licensed again', () => {
    const events = [
      ...byCode,
      renewal('n1', END, 'svm-1', 'server', null),
      activated('a2', plusDays(END, 1), 'svm-1', key('K-M')),
    ];
    expect(serverSlot(stateOf(events)).status).toBe('licensed');
  });
});
