import type { HashSeed } from '../collections/hash-seed';
import type { Journal, Undoable } from '../collections/overlay-map';
import { adoptTable, getEntry, type PersistentMap, tableCopy } from '../collections/persistent-map';
import type { LicenseEnd } from '../state/ledger-state';

/**
 * One bucket of `licenseEnds` (a week of one pool, see `endBucket`) as a draft
 * holds it: persistent as read from a state; a plain `Map` once a replay wrote
 * it. A replay writes a bucket at about every other event: a `Map` changed in
 * place costs a hash-table write where the persistent bucket cost a new leaf,
 * a path and a frozen map box each time. The draft's snapshot makes every
 * `Map` bucket persistent again ({@link persistentBucket}).
 */
export type EndBucket = PersistentMap<LicenseEnd> | Map<string, LicenseEnd>;

/** The end a bucket holds for a license, if any. */
export const endIn = (bucket: EndBucket, licenseId: string): LicenseEnd | undefined =>
  bucket instanceof Map ? bucket.get(licenseId) : getEntry(bucket, licenseId);

/** A `Map` holding what `bucket` holds, for a draft to change. */
export const mutableBucket = (bucket: EndBucket | undefined): Map<string, LicenseEnd> => {
  if (bucket === undefined) return new Map();
  if (bucket instanceof Map) return new Map(bucket);
  return tableCopy(bucket);
};

/**
 * The bucket as a persistent map (the form a state holds): a `Map` is taken
 * over as it is (the draft never writes it again); a persistent one is returned as it is.
 */
export const persistentBucket = (bucket: EndBucket, seed: HashSeed): PersistentMap<LicenseEnd> =>
  bucket instanceof Map ? adoptTable(bucket, seed) : bucket;

/** Undoes one write to a `Map` bucket (see `undoJournal`): `previous` undefined means the license had no end there. */
class BucketUndo implements Undoable {
  constructor(private readonly bucket: Map<string, LicenseEnd>) {}

  restoreOwn(licenseId: string, previous: unknown): void {
    if (previous === undefined) this.bucket.delete(licenseId);
    else this.bucket.set(licenseId, previous as LicenseEnd);
  }
}

/** Sets or (with `end` undefined) deletes a license's end in a `Map` bucket, recorded in `journal` when one is open. */
export const writeBucket = (
  journal: Journal,
  bucket: Map<string, LicenseEnd>,
  licenseId: string,
  end: LicenseEnd | undefined,
): void => {
  const entries = journal.entries;
  if (entries !== null) entries.push(new BucketUndo(bucket), licenseId, bucket.get(licenseId));
  if (end === undefined) bucket.delete(licenseId);
  else bucket.set(licenseId, end);
};
