import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { instant } from '@license-ledger/core';
import { installRemoveAt } from '../src/install-remove-at';
import { installRemoveCounts } from '../src/install-remove-counts';
import { advancedTo, day, ledgerOf, rightOf, type Step } from '@license-ledger/testing';

const pools: Step[] = [
  { type: 'LicensePurchased', at: day(0), poolId: 'zeta', module: 'KES', quantity: 3 },
  { type: 'LicensePurchased', at: day(0), poolId: 'alpha', module: 'BUDR', quantity: 2 },
  { type: 'LicensePurchased', at: day(0), poolId: 'mid', module: 'KES', quantity: 1, termDays: 30 },
  { type: 'KesInstalled', at: day(0), poolId: 'zeta', machineId: 'm1', groupId: 'g1' },
  // A machine runs KES from one pool at a time (R-L3): the short-term pool goes on m3.
  { type: 'KesInstalled', at: day(0), poolId: 'mid', machineId: 'm3', groupId: 'g1' },
  { type: 'ModuleInstalled', at: day(0), poolId: 'alpha', machineId: 'm1', groupId: 'g1' },
];

describe('installRemoveAt', () => {
  test('lists every pool with its module, sorted by pool id', () => {
    const rows = rightOf(pipe(ledgerOf(pools), installRemoveAt(day(1))));
    expect(rows.map((row) => [row.poolId, row.module])).toEqual([
      ['alpha', 'BUDR'],
      ['mid', 'KES'],
      ['zeta', 'KES'],
    ]);
  });

  test('R-T4, R-T2: runs time forward first: each term ends at its instant, not a millisecond before', () => {
    const state = ledgerOf(pools);
    const expiredIn = (when: number) =>
      rightOf(pipe(state, installRemoveAt(instant(when)))).map((row) => [
        row.poolId,
        row.counts.expired,
        row.counts.applied,
      ]);
    expect(expiredIn(day(30) - 1)).toEqual([
      ['alpha', 0, 1],
      ['mid', 0, 1],
      ['zeta', 0, 1],
    ]);
    expect(expiredIn(day(30))).toEqual([
      ['alpha', 0, 1],
      ['mid', 1, 0],
      ['zeta', 0, 1],
    ]);
    // A seat without a term never expires (R-P2).
    expect(expiredIn(day(365))).toEqual([
      ['alpha', 0, 1],
      ['mid', 1, 0],
      ['zeta', 1, 0],
    ]);
  });

  test('R-T4: each row is the popup of the state as of the instant', () => {
    const state = ledgerOf(pools);
    const rows = rightOf(pipe(state, installRemoveAt(day(200))));
    const later = advancedTo(state, day(200));
    for (const row of rows)
      expect(row.counts).toEqual(E.getOrElseW(() => undefined)(installRemoveCounts(row.poolId)(later)));
  });

  test('an instant before the state’s clock is a Left, and the state is left as it was', () => {
    const state = ledgerOf([
      ...pools,
      { type: 'KesInstalled', at: day(10), poolId: 'zeta', machineId: 'm2', groupId: 'g1' },
    ]);
    const result = pipe(state, installRemoveAt(day(5)));
    expect(E.isLeft(result)).toBe(true);
    expect(
      pipe(
        result,
        E.swap,
        E.map((error) => error.kind),
        E.getOrElseW(() => ''),
      ),
    ).toBe('before-clock');
    expect(
      pipe(
        result,
        E.swap,
        E.map((error) => error.message),
        E.getOrElseW(() => ''),
      ),
    ).toMatch(/before the ledger's clock/);
    expect(state.clock).toBe(day(10));
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('zeta')(state))?.applied).toBe(2);
  });

  test('an empty ledger has no pools', () => {
    expect(rightOf(pipe(ledgerOf([]), installRemoveAt(day(0))))).toEqual([]);
  });
});
