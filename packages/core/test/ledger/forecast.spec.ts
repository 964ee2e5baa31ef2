import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { forecastPools, getPool, listPools, type LedgerState, type Pool, unusedCount } from '../../src/index';
import { advancedTo, eventBuilder, instantOf, replayedClean } from '@license-ledger/testing';

const numbers = (pool: Pool) => ({
  poolId: pool.poolId,
  counts: pool.counts,
  unused: unusedCount(pool),
  partial: pool.partials.size,
  nextFresh: pool.nextFresh,
});

const scenario = (): LedgerState => {
  const e = eventBuilder();
  return replayedClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 6 }),
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'short', module: 'KES', quantity: 2, termDays: 30 }),
    e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'queued', groupId: 'hq' }),
    e('Extended', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'queued', count: 2 }),
    e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'auto', groupId: 'hq' }),
    e('AutoExtendSet', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'auto', enabled: true }),
    e('KesInstalled', '2025-01-05T00:00:00Z', { poolId: 'kes', machineId: 'plain', groupId: 'hq' }),
    e('KesInstalled', '2025-01-06T00:00:00Z', { poolId: 'short', machineId: 'auto-fails', groupId: 'hq' }),
    e('AutoExtendSet', '2025-01-06T00:00:00Z', { poolId: 'short', machineId: 'auto-fails', enabled: true }),
    e('KesInstalled', '2025-01-07T00:00:00Z', { poolId: 'short', machineId: 'uninstalled', groupId: 'hq' }),
    e('Uninstalled', '2025-01-08T00:00:00Z', { poolId: 'short', machineId: 'uninstalled' }),
  ]);
};

describe('forecastPools', () => {
  test('R-T4: gives every pool as advanceTo would, through expiries, takeovers and auto-extends (R-X2, R-X4)', () => {
    const state = scenario();
    for (const iso of [
      '2025-01-08T00:00:00Z',
      '2025-02-06T00:00:00Z',
      '2026-01-01T00:00:00Z',
      '2026-01-03T00:00:00Z',
      '2028-06-01T00:00:00Z',
    ]) {
      const forecast = pipe(
        state,
        forecastPools(instantOf(iso)),
        E.getOrElseW((m) => {
          throw new Error(m.message);
        }),
      );
      expect(forecast.map(numbers)).toEqual(listPools(advancedTo(state, iso)).map(numbers));
    }
  });

  test('R-T4: the state it was given is untouched', () => {
    const state = scenario();
    const before = numbers(getPool(state, 'kes')!);
    forecastPools(instantOf('2030-01-01T00:00:00Z'))(state);
    expect(numbers(getPool(state, 'kes')!)).toEqual(before);
    expect(numbers(getPool(advancedTo(state, '2030-01-01T00:00:00Z'), 'kes')!)).not.toEqual(before);
  });

  /** One machine, a 30-day pool of 4: #1 installed, #2 and #3 queued, #3 given back, then auto-extend on. */
  const chain = (): LedgerState => {
    const e = eventBuilder();
    return replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 4, termDays: 30 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
      e('Extended', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 2 }),
      e('Returned', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
      e('AutoExtendSet', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', enabled: true }),
    ]);
  };
  const forecastAt = (state: LedgerState, iso: string) =>
    pipe(
      state,
      forecastPools(instantOf(iso)),
      E.getOrElseW((m) => {
        throw new Error(m.message);
      }),
    );

  test('R-X2: a queued extension takes over inside the window, with a full term from the old end', () => {
    const state = chain();
    const justBefore = forecastAt(state, '2025-01-30T23:59:59Z')[0]!;
    expect({
      applied: justBefore.counts.applied,
      extended: justBefore.counts.extended,
      expired: justBefore.counts.expired,
    }).toEqual({ applied: 1, extended: 1, expired: 0 });
    // #1 ends at 2025-01-31 (R-T2); #2 runs 30 days from there, to 2025-03-02.
    const atEnd = forecastAt(state, '2025-01-31T00:00:00Z')[0]!;
    expect({
      applied: atEnd.counts.applied,
      extended: atEnd.counts.extended,
      expired: atEnd.counts.expired,
      unused: unusedCount(atEnd),
    }).toEqual({ applied: 1, extended: 0, expired: 1, unused: 2 });
    expect(forecastAt(state, '2025-03-01T23:59:59Z')[0]!.counts.applied).toBe(1);
    for (const iso of ['2025-01-31T00:00:00Z', '2025-03-01T23:59:59Z'])
      expect(forecastAt(state, iso).map(numbers)).toEqual(listPools(advancedTo(state, iso)).map(numbers));
  });

  test('R-X4: after the queue, auto-extend takes the lowest-numbered never-used license, a given-back one first (R-P3)', () => {
    const state = chain();
    // 2025-03-02: #2 ends; #3 (given back) is taken before #4 (never handed out).
    const second = forecastAt(state, '2025-03-02T00:00:00Z')[0]!;
    expect({
      applied: second.counts.applied,
      expired: second.counts.expired,
      returned: second.returned.size,
      nextFresh: second.nextFresh,
    }).toEqual({ applied: 1, expired: 2, returned: 0, nextFresh: 4 });
    // 2025-04-01: #3 ends; #4 is taken.
    const third = forecastAt(state, '2025-04-01T00:00:00Z')[0]!;
    expect({
      applied: third.counts.applied,
      expired: third.counts.expired,
      unused: unusedCount(third),
      nextFresh: third.nextFresh,
    }).toEqual({ applied: 1, expired: 3, unused: 0, nextFresh: 5 });
    for (const iso of ['2025-03-02T00:00:00Z', '2025-04-01T00:00:00Z'])
      expect(forecastAt(state, iso).map(numbers)).toEqual(listPools(advancedTo(state, iso)).map(numbers));
  });

  test('R-X4: auto-extend with no never-used license left fails inside the window: the license expires and nothing is taken', () => {
    const state = chain();
    // 2025-05-01: #4 ends and the pool has nothing unused.
    const failed = forecastAt(state, '2025-05-02T00:00:00Z')[0]!;
    expect({ ...failed.counts, unused: unusedCount(failed), nextFresh: failed.nextFresh }).toEqual({
      reservedFromUnused: 0,
      reservedFromPartial: 0,
      applied: 0,
      expired: 4,
      extended: 0,
      other: 0,
      held: 0,
      unused: 0,
      nextFresh: 5,
    });
    expect(forecastAt(state, '2025-05-02T00:00:00Z').map(numbers)).toEqual(
      listPools(advancedTo(state, '2025-05-02T00:00:00Z')).map(numbers),
    );
  });

  test('R-X4: two machines whose terms end at the same instant compete for the last never-used license in agenda order (R-T4)', () => {
    const e = eventBuilder();
    const state = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3, termDays: 30 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-b', groupId: 'hq' }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-a', groupId: 'hq' }),
      e('AutoExtendSet', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-a', enabled: true }),
      e('AutoExtendSet', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-b', enabled: true }),
    ]);
    for (const iso of ['2025-01-31T00:00:00Z', '2025-03-02T00:00:00Z', '2025-06-01T00:00:00Z']) {
      expect(forecastAt(state, iso).map(numbers)).toEqual(listPools(advancedTo(state, iso)).map(numbers));
    }
    const pool = forecastAt(state, '2025-01-31T00:00:00Z')[0]!;
    expect({ applied: pool.counts.applied, expired: pool.counts.expired, unused: unusedCount(pool) }).toEqual({
      applied: 1,
      expired: 2,
      unused: 0,
    });
  });

  test('R-T4: an instant before the clock is a Left', () => {
    expect(E.isLeft(forecastPools(instantOf('2024-01-01T00:00:00Z'))(scenario()))).toBe(true);
  });
});
