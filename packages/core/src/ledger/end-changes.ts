import type { HashSeed } from '../collections/hash-seed';
import type { Journal } from '../collections/overlay-map';
import {
  adoptTable,
  type Edit,
  getEntry,
  type PersistentMap,
  removeEntry,
  setEntry,
} from '../collections/persistent-map';
import type { LicenseEnd } from '../state/ledger-state';
import type { Instant } from '../time/instant';
import { ByLicense } from './by-license';

/**
 * What a draft changed in `licenseEnds` since its last snapshot, by license id:
 * the license's end now, or `null` for none. A draft reads and writes a
 * license's end by its id only (the buckets by pool and week serve
 * `forecastPools`, which reads states), so it keeps one entry per license
 * changed and puts them in their buckets once, when a state is handed out
 * ({@link EndChanges.commit}): a replay wrote a bucket at about every other
 * event before, a key and two lookups in large maps each time.
 *
 * They are kept {@link ByLicense}: a replay records or reads an end at about
 * every event (~1.2 per event on the 1M-event benchmark log), and in a `Map`
 * keyed by license id those lookups were ~4 % of its thread.
 *
 * Writes made while a journal is open are recorded in it, so a rollback puts
 * back exactly what was there (R-L3).
 *
 * @since 0.5.0
 */
export class EndChanges {
  private readonly changes: ByLicense<LicenseEnd | null>;

  constructor(journal: Journal) {
    this.changes = new ByLicense(journal);
  }

  /**
   * The end recorded for a license of pool `poolId`: its end, `null` for none,
   * `undefined` when the draft has not changed it.
   */
  get(poolId: string, licenseId: string): LicenseEnd | null | undefined {
    return this.changes.get(poolId, licenseId);
  }

  /**
   * Takes `ends` as changes the draft recorded itself (a state read for a
   * replay that owns it, whose `licenseEnds` is empty: `replayerFromSnapshot`),
   * so a license's end is found here by one lookup and the next commit buckets
   * them all in one pass, as after a replay from an empty ledger.
   */
  adoptOwn(ends: ReadonlyMap<string, LicenseEnd>): void {
    const changes = this.changes;
    if (changes.size !== 0) throw new Error('internal: adoptOwn onto changes');
    ends.forEach((end, licenseId) => changes.set(end.poolId, licenseId, end));
  }

  /** Records the end of a license of pool `poolId` (`null`: it has none now). */
  set(poolId: string, licenseId: string, end: LicenseEnd | null): void {
    // "None" is an entry of its own: it hides the end the state the draft started from holds.
    this.changes.set(poolId, licenseId, end);
  }

  /**
   * `ends` (the `licenseEnds` of the state the draft started from) with every
   * change recorded, which it then forgets. `bucketBefore` names the bucket a
   * license's end sat in in that state, if it had one (`licenseEnds` holds the end
   * of every applied license with a term, and nothing else: the draft finds it
   * from that state's license record; a draft that owns the records of a
   * snapshot read starts from no ends and holds them all as its changes,
   * {@link adoptOwn}). `bucketOf` names the
   * bucket of an end (`endBucket`); new buckets are taken over as they are made,
   * and `edit` owns the nodes written into the others.
   */
  commit(
    ends: PersistentMap<PersistentMap<LicenseEnd>>,
    bucketBefore: (licenseId: string) => string | undefined,
    bucketOf: (at: Instant, poolId: string) => string,
    seed: HashSeed,
    edit: Edit,
  ): PersistentMap<PersistentMap<LicenseEnd>> {
    const changes = this.changes;
    if (changes.size === 0) return ends;
    if (ends.size === 0) {
      // Nothing to take out: the ends now are bucketed in one pass.
      const now: LicenseEnd[] = [];
      // Frozen here, as they join a state (F9): the draft schedules ends unfrozen (`Draft.schedule`).
      changes.forEachValue((end) => {
        if (end !== null) now.push(Object.freeze(end));
      });
      changes.clear();
      return licenseEndsOf(now, bucketOf, seed);
    }
    /** Per bucket, what to write there: an end, or `null` for a license leaving it. */
    const byBucket = new Map<string, Map<string, LicenseEnd | null>>();
    const note = (bucket: string, licenseId: string, end: LicenseEnd | null): void => {
      let writes = byBucket.get(bucket);
      if (writes === undefined) byBucket.set(bucket, (writes = new Map<string, LicenseEnd | null>()));
      writes.set(licenseId, end);
    };
    changes.forEach((end, licenseId) => {
      const before = bucketBefore(licenseId);
      // First the old end leaves; a new end in the same bucket then overwrites that.
      if (before !== undefined) note(before, licenseId, null);
      if (end !== null) note(bucketOf(end.at, end.poolId), licenseId, Object.freeze(end));
    }, idOfEnd);
    changes.clear();
    let next = ends;
    byBucket.forEach((writes, key) => {
      const bucket = getEntry(ends, key);
      let written: PersistentMap<LicenseEnd>;
      if (bucket === undefined) {
        const table = new Map<string, LicenseEnd>();
        writes.forEach((end, licenseId) => {
          if (end !== null) table.set(licenseId, end);
        });
        written = adoptTable(table, seed);
      } else {
        written = bucket;
        writes.forEach((end, licenseId) => {
          written = end === null ? removeEntry(written, licenseId, edit) : setEntry(written, licenseId, end, edit);
        });
      }
      if (written === bucket) return;
      next = written.size === 0 ? removeEntry(next, key, edit) : setEntry(next, key, written, edit);
    });
    return next;
  }
}

/** The license an end is of; `null` (no end now) holds none. */
const idOfEnd = (end: LicenseEnd | null): string | undefined => (end === null ? undefined : end.licenseId);

/**
 * `licenseEnds` holding `ends` (at most one per license) and nothing else, each
 * bucket (`bucketOf`, which names it as `endBucket` does) a table taken over as
 * it is made: what a draft's changes make of an empty `licenseEnds`, and what a
 * snapshot's applied licenses make.
 *
 * @since 0.5.0
 */
export const licenseEndsOf = (
  ends: Iterable<LicenseEnd>,
  bucketOf: (at: Instant, poolId: string) => string,
  seed: HashSeed,
): PersistentMap<PersistentMap<LicenseEnd>> => {
  const byBucket = new Map<string, Map<string, LicenseEnd>>();
  for (const end of ends) {
    const key = bucketOf(end.at, end.poolId);
    let bucket = byBucket.get(key);
    if (bucket === undefined) byBucket.set(key, (bucket = new Map<string, LicenseEnd>()));
    bucket.set(end.licenseId, end);
  }
  const buckets = new Map<string, PersistentMap<LicenseEnd>>();
  byBucket.forEach((bucket, key) => buckets.set(key, adoptTable(bucket, seed)));
  return adoptTable(buckets, seed);
};
