import type { Compare } from '../collections/leftist-heap';
import { compareIds } from '../query/compare-ids';
import type { Due } from '../state/ledger-state';
import type { Installation } from '../state/machine';
import { DAY_MS, type Instant } from '../time/instant';

/** Agenda order (R-T4): instant, then licenses before keys, then pool id, machine id. */
export const compareDue: Compare<Due> = (a, b) => {
  if (a.at !== b.at) return a.at - b.at;
  if (a.kind === 'license-end') {
    if (b.kind !== 'license-end') return -1;
    return (
      compareIds(a.poolId, b.poolId) || compareIds(a.machineId, b.machineId) || compareIds(a.licenseId, b.licenseId)
    );
  }
  if (b.kind === 'license-end') return 1;
  return compareIds(a.slotType, b.slotType) || compareIds(a.svmId, b.svmId) || compareIds(a.keyId, b.keyId);
};

/** How much time one `licenseEnds` bucket spans: a week of UTC days (R-T2). */
export const END_BUCKET_MS = 7 * DAY_MS;

/**
 * The `licenseEnds` bucket of an end: `<week number>|<pool id>` (the week number
 * has no `|`, so the first one splits the key). A bucket holds one pool's ends
 * of one week, so a forecast counts a whole bucket by its size.
 */
export const endBucket = (at: Instant, poolId: string): string => `${Math.floor(at / END_BUCKET_MS)}|${poolId}`;

/**
 * {@link endBucket} with one string per bucket for as long as the function is
 * kept: a key made afresh per call would be hashed and compared character by
 * character in a large map each time; the same string object is found by
 * identity, its hash kept in it.
 */
export const endBucketKeys = (): ((at: Instant, poolId: string) => string) => {
  const byPool = new Map<string, Map<number, string>>();
  return (at, poolId) => {
    let weeks = byPool.get(poolId);
    if (weeks === undefined) byPool.set(poolId, (weeks = new Map<number, string>()));
    const week = Math.floor(at / END_BUCKET_MS);
    let key = weeks.get(week);
    if (key === undefined) weeks.set(week, (key = endBucket(at, poolId)));
    return key;
  };
};

/** Whether an install's license end does more than expire: a queued extension or auto-extend takes over (R-X2, R-X4). */
export const renews = (install: Installation): boolean => install.queue.length > 0 || install.autoExtend;
