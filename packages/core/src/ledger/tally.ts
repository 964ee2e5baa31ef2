import type { License } from '../state/license';
import { POOL_COUNTERS, type Pool, type PoolCounter, type PoolCounts } from '../state/pool';

/**
 * Where a license counts in its pool: one of the pool's counters (`PoolCounts`),
 * or the size of one of its two queues (`unused`, `partial`). Every license of a
 * pool is in exactly one tally, and every view count is a sum of tallies.
 *
 * @since 0.1.0
 */
export type PoolTally = PoolCounter | 'unused' | 'partial';

/**
 * Every tally, in a fixed order: what a view sums over.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { POOL_TALLIES } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(POOL_TALLIES.length, 9)
 */
export const POOL_TALLIES: readonly PoolTally[] = Object.freeze(['unused', 'partial', ...POOL_COUNTERS]);

/**
 * The one status → count table: the tally a license in this status counts under.
 * `transition` keeps the pool's counters by it, `forecastPools` moves them by it,
 * and the views' counts and explanations map tallies, never statuses.
 * A license reserved by a pending install counts apart by where it came from (R-V4).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { tallyOf } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(tallyOf({ status: 'reserved', reservedFrom: 'partial' }), 'reservedFromPartial')
 */
export const tallyOf = (license: Pick<License, 'status' | 'reservedFrom'>): PoolTally => {
  switch (license.status) {
    case 'reserved':
      return license.reservedFrom === 'partial' ? 'reservedFromPartial' : 'reservedFromUnused';
    case 'unused':
    case 'partial':
    case 'applied':
    case 'expired':
    case 'extended':
    case 'other':
    case 'held':
      return license.status;
  }
};

/** The pool counter a tally moves; null for the two queues, whose sizes are their counts. */
export const counterOf = (tally: PoolTally): PoolCounter | null =>
  tally === 'unused' || tally === 'partial' ? null : tally;

/**
 * Never-used licenses left in a pool: the untouched range plus those given back.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, lookupPool, replay, splitLines, unusedCount } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const pool = lookupPool('acme-kes')(state)
 * assert(pool._tag === 'Right')
 * assert.equal(unusedCount(pool.right), 9)
 */
export const unusedCount = (pool: Pool): number => pool.max - pool.nextFresh + 1 + pool.returned.size;

/**
 * How many licenses of a pool are in a tally, in O(1).
 *
 * @since 0.1.0
 */
export const tallyIn = (pool: Pool, tally: PoolTally): number => {
  if (tally === 'unused') return unusedCount(pool);
  if (tally === 'partial') return pool.partials.size;
  return pool.counts[tally];
};

/**
 * The counters of a pool with nothing in it.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { ZERO_COUNTS } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(ZERO_COUNTS.applied, 0)
 */
export const ZERO_COUNTS: PoolCounts = Object.freeze(
  Object.fromEntries(POOL_COUNTERS.map((counter) => [counter, 0])) as Record<PoolCounter, number>,
);

/**
 * Sums a pool's tallies into the counts of a view: `countOf` is the view's one
 * table from tally to its count (null: not counted). Each count starts at 0.
 *
 * @since 0.1.0
 */
export const sumTallies = <C extends string>(
  pool: Pool,
  countOf: { readonly [T in PoolTally]: C | null },
  names: readonly C[],
): Record<C, number> => {
  const out = Object.fromEntries(names.map((name) => [name, 0])) as Record<C, number>;
  for (const tally of POOL_TALLIES) {
    const count = countOf[tally];
    if (count !== null) out[count] += tallyIn(pool, tally);
  }
  return out;
};
