import type { Heap } from '../collections/leftist-heap';
import type { PersistentMap } from '../collections/persistent-map';
import type { Instant } from '../time/instant';
import type { PartialRank } from './license';

/**
 * One `LicensePurchased`: licenses numbered `first`..`last` of its pool (R-P3).
 *
 * @since 0.1.0
 */
export interface Purchase {
  readonly eventId: string;
  readonly at: Instant;
  readonly first: number;
  readonly last: number;
  readonly termDays: number | null;
}

/**
 * The counters a pool keeps, one per license status (a reserved license by where
 * it came from, R-V4); Unused and Partial are the sizes of the pool's queues.
 * Adding a counter is adding its name here (see docs/architecture.md).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { POOL_COUNTERS } from '@license-ledger/core'
 * assert.deepStrictEqual(POOL_COUNTERS.includes('held'), true)
 */
export const POOL_COUNTERS = [
  'reservedFromUnused',
  'reservedFromPartial',
  'applied',
  'expired',
  'extended',
  'other',
  'held',
] as const;

/**
 * One of the counters a pool keeps.
 *
 * @since 0.1.0
 */
export type PoolCounter = (typeof POOL_COUNTERS)[number];

/**
 * License counts kept as events are applied, so views at the last event cost
 * O(1). Unused and Partial are the sizes of the pool's queues.
 *
 * @since 0.1.0
 */
export type PoolCounts = { readonly [C in PoolCounter]: number };

/**
 * A pool of licenses of one module (R-P1).
 *
 * @since 0.1.0
 */
export interface Pool {
  readonly poolId: string;
  readonly module: string;
  readonly purchases: readonly Purchase[];
  /** Max: every license ever purchased (R-P1). */
  readonly max: number;
  /** Lowest number never handed out; `nextFresh..max` are unused and untouched. */
  readonly nextFresh: number;
  /** Unused licenses below `nextFresh` (returned extensions, released seats), lowest first. */
  readonly returned: Heap<number>;
  /** Partial licenses in hand-out order (R-I2). */
  readonly partials: Heap<PartialRank>;
  readonly counts: PoolCounts;
  /** Machines with the module installed now, per group (R-V3). */
  readonly groups: PersistentMap<number>;
}
