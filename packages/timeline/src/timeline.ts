import type { Instant } from '@license-ledger/core';
import type { InstallRemoveCounts } from '@license-ledger/install-remove';

/**
 * A pool's counts at one instant: the Install/Remove popup (R-V1) and the
 * License Manager's Used and Max (R-V2).
 *
 * @since 0.1.0
 */
export interface TimelineCounts extends InstallRemoveCounts {
  readonly used: number;
  readonly max: number;
}

/**
 * The names of the counts, Install/Remove first in the order the chart stacks them.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { COUNT_NAMES } from '@license-ledger/timeline'
 * assert.deepStrictEqual(COUNT_NAMES[0], 'applied')
 */
export const COUNT_NAMES = [
  'applied',
  'expired',
  'partial',
  'pendingInstalls',
  'extended',
  'other',
  'unused',
  'used',
  'max',
] as const satisfies readonly (keyof TimelineCounts)[];

/**
 * The counts from `at` until the next step: one step per instant at which a count changed.
 *
 * @since 0.1.0
 */
export interface TimelineStep {
  readonly at: Instant;
  readonly counts: TimelineCounts;
}

/**
 * One pool's counts over time, an exact step function: its first step is the
 * value at the timeline's start (or the pool's purchase, if later).
 *
 * @since 0.1.0
 */
export interface PoolTimeline {
  readonly poolId: string;
  readonly module: string;
  readonly steps: readonly TimelineStep[];
}

/**
 * Every pool's counts over `from`..`to`, pools sorted by id.
 *
 * @since 0.1.0
 */
export interface Timeline {
  readonly from: Instant;
  readonly to: Instant;
  readonly pools: readonly PoolTimeline[];
}

/**
 * The counts a pool timeline shows at an instant (the last step at or before it);
 * `undefined` before its first step.
 *
 * @since 0.1.0
 */
export const countsAt = (pool: PoolTimeline, at: Instant): TimelineCounts | undefined => {
  const { steps } = pool;
  let lo = 0;
  let hi = steps.length;
  // First step later than `at`.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((steps[mid] as TimelineStep).at <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? undefined : (steps[lo - 1] as TimelineStep).counts;
};
