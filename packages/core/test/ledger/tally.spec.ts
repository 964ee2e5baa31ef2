import { getPool, type LicenseStatus, POOL_COUNTERS, type Pool, unusedCount } from '../../src/index';
import { emptyHeap, emptyMap, POOL_TALLIES, sumTallies, tallyIn, tallyOf, ZERO_COUNTS } from '../../src/internal';
import { countsOf } from '../support/state';
import { eventBuilder, replayedClean } from '@license-ledger/testing';

const STATUSES: readonly LicenseStatus[] = [
  'unused',
  'reserved',
  'applied',
  'extended',
  'expired',
  'partial',
  'held',
  'other',
];

const pool = (fields: Partial<Pool> = {}): Pool => ({
  poolId: 'kes',
  module: 'KES',
  purchases: [],
  max: 10,
  nextFresh: 4,
  returned: emptyHeap(),
  partials: emptyHeap(),
  counts: { ...ZERO_COUNTS, applied: 2, held: 1 },
  groups: emptyMap(),
  ...fields,
});

describe('tallyOf', () => {
  test('R-V4: a reserved license counts apart by where it came from', () => {
    expect(tallyOf({ status: 'reserved', reservedFrom: 'partial' })).toBe('reservedFromPartial');
    expect(tallyOf({ status: 'reserved', reservedFrom: 'unused' })).toBe('reservedFromUnused');
  });

  test("R-V1: every other status is a tally of its own, and every tally is some status's", () => {
    const tallies = STATUSES.flatMap((status) =>
      status === 'reserved' ? [] : [tallyOf({ status, reservedFrom: null })],
    );
    expect(tallies).toEqual(STATUSES.filter((status) => status !== 'reserved'));
    expect(new Set([...tallies, 'reservedFromPartial', 'reservedFromUnused'])).toEqual(new Set(POOL_TALLIES));
  });
});

describe('POOL_TALLIES', () => {
  test('R-V4: the pool counters and the two queues, each once', () => {
    expect(new Set(POOL_TALLIES).size).toBe(POOL_TALLIES.length);
    expect(POOL_TALLIES).toEqual(['unused', 'partial', ...POOL_COUNTERS]);
  });
});

describe('tallyIn', () => {
  test('R-P1: Unused is the untouched range plus those given back; counters read as kept', () => {
    const p = pool();
    expect(tallyIn(p, 'unused')).toBe(unusedCount(p));
    expect(tallyIn(p, 'unused')).toBe(7);
    expect(tallyIn(p, 'partial')).toBe(0);
    expect(tallyIn(p, 'held')).toBe(1);
  });
});

describe('sumTallies', () => {
  test('R-V1: sums the tallies each count maps to, leaves out those mapped to null, and starts every count at 0', () => {
    const p = pool();
    expect(
      sumTallies(
        p,
        {
          unused: null,
          partial: 'a',
          reservedFromUnused: null,
          reservedFromPartial: null,
          applied: 'b',
          expired: null,
          extended: null,
          other: null,
          held: 'b',
        },
        ['a', 'b', 'c'],
      ),
    ).toEqual({ a: 0, b: 3, c: 0 });
  });

  test('R-V4: over every tally, a replayed pool sums to Max', () => {
    const e = eventBuilder();
    const state = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 5 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
      e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
      e('InstallRequested', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'hq' }),
    ]);
    const all = Object.fromEntries(POOL_TALLIES.map((tally) => [tally, 'all' as const])) as Record<
      (typeof POOL_TALLIES)[number],
      'all'
    >;
    expect(countsOf(state, 'kes').max).toBe(5);
    expect(sumTallies(getPool(state, 'kes')!, all, ['all']).all).toBe(5);
  });
});
