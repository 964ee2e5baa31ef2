import fc from 'fast-check';
import { newJournal, undoJournal } from '../../src/collections/overlay-map';
import {
  adoptTable,
  emptyMap,
  getEntry,
  mapEntries,
  mapFromEntries,
  newEdit,
  type PersistentMap,
} from '../../src/collections/persistent-map';
import { DEFAULT_HASH_SEED } from '../../src/collections/hash-seed';
import { END_BUCKET_MS, endBucket } from '../../src/ledger/agenda';
import { EndChanges, licenseEndsOf } from '../../src/ledger/end-changes';
import type { Instant, License, LicenseEnd } from '../../src/index';

const WEEK = END_BUCKET_MS;

const endOf = (licenseId: string, poolId: string, at: number): LicenseEnd =>
  Object.freeze({ at: at as Instant, kind: 'license-end', poolId, machineId: 'ws', licenseId });

/** A license record as far as `commit` reads it: applied with a term when it has an end. */
const licenseOf = (end: LicenseEnd | null, licenseId: string): License =>
  ({
    licenseId,
    poolId: end?.poolId ?? 'p',
    status: end === null ? 'unused' : 'applied',
    endAt: end === null ? null : end.at,
  }) as License;

/** `licenseEnds` as the state holds it: every end in the bucket of its week and pool. */
const endsOf = (ends: Iterable<LicenseEnd>): PersistentMap<PersistentMap<LicenseEnd>> => {
  const buckets = new Map<string, Map<string, LicenseEnd>>();
  for (const end of ends) {
    const key = endBucket(end.at, end.poolId);
    const bucket = buckets.get(key) ?? new Map<string, LicenseEnd>();
    buckets.set(key, bucket.set(end.licenseId, end));
  }
  const keys = [...buckets.keys()];
  return mapFromEntries(
    keys,
    keys.map((key) => adoptTable(buckets.get(key) as Map<string, LicenseEnd>)),
  );
};

/** Every end of `licenseEnds` by license id, each checked to sit in its bucket; no empty bucket. */
const flatten = (ends: PersistentMap<PersistentMap<LicenseEnd>>): Map<string, LicenseEnd> => {
  const out = new Map<string, LicenseEnd>();
  for (const [bucket, inBucket] of mapEntries(ends)) {
    expect(inBucket.size).toBeGreaterThan(0);
    for (const [licenseId, end] of mapEntries(inBucket)) {
      expect([bucket, licenseId]).toEqual([endBucket(end.at, end.poolId), end.licenseId]);
      out.set(licenseId, end);
    }
  }
  return out;
};

const commit = (
  changes: EndChanges,
  ends: PersistentMap<PersistentMap<LicenseEnd>>,
  licenses: PersistentMap<License>,
) =>
  changes.commit(
    ends,
    (licenseId) => {
      const before = getEntry(licenses, licenseId);
      return before?.status === 'applied' && before.endAt !== null ? endBucket(before.endAt, before.poolId) : undefined;
    },
    endBucket,
    DEFAULT_HASH_SEED,
    newEdit(),
  );

describe('EndChanges', () => {
  const licenseIds = fc.constantFrom('p#1', 'p#2', 'p#3', 'q#1', 'q#2', 'q#3', 'q#4');
  /** An end of one of four weeks (or none), in the license's own pool. */
  const endFor = (licenseId: string, week: number | null): LicenseEnd | null =>
    week === null ? null : endOf(licenseId, licenseId.slice(0, 1), week * WEEK + 1000 * week);

  test("R-T2: commit holds each license's end now, in the bucket of its week and pool, and no other; an unchanged license keeps its end", () => {
    fc.assert(
      fc.property(
        fc.dictionary(licenseIds, fc.option(fc.integer({ min: 0, max: 3 }), { nil: null })),
        fc.array(fc.tuple(licenseIds, fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }))),
        (initial, writes) => {
          const before = new Map(Object.entries(initial).map(([id, week]) => [id, endFor(id, week)] as const));
          const ends = endsOf([...before.values()].filter((end): end is LicenseEnd => end !== null));
          const ids = [...before.keys()];
          const licenses = mapFromEntries(
            ids,
            ids.map((id) => licenseOf(before.get(id) ?? null, id)),
          );
          const changes = new EndChanges(newJournal());
          const model = new Map([...before].filter((entry): entry is [string, LicenseEnd] => entry[1] !== null));
          for (const [id, week] of writes) {
            const end = endFor(id, week);
            changes.set(id.slice(0, 1), id, end);
            expect(changes.get(id.slice(0, 1), id)).toBe(end);
            if (end === null) model.delete(id);
            else model.set(id, end);
          }
          const committed = commit(changes, ends, licenses);
          expect(flatten(committed)).toEqual(model);
          // The state it started from is unchanged, and the changes are forgotten once committed.
          expect(flatten(ends)).toEqual(new Map([...before].filter((entry) => entry[1] !== null)));
          expect(commit(changes, committed, licenses)).toBe(committed);
        },
      ),
    );
  });

  test('R-L3: undoing the journal puts back exactly what was recorded before it opened', () => {
    const journal = newJournal();
    const changes = new EndChanges(journal);
    const a1 = endOf('p#1', 'p', WEEK);
    changes.set('p', 'p#1', a1);
    journal.entries = [];
    changes.set('p', 'p#1', null);
    changes.set('p', 'p#2', endOf('p#2', 'p', 2 * WEEK));
    undoJournal(journal);
    expect([changes.get('p', 'p#1'), changes.get('p', 'p#2')]).toEqual([a1, undefined]);
    const committed = commit(changes, emptyMap(), emptyMap());
    expect(flatten(committed)).toEqual(new Map([['p#1', a1]]));
    // "No end" is an entry of its own: over the ends committed it hides the end there.
    changes.set('p', 'p#1', null);
    expect(changes.get('p', 'p#1')).toBeNull();
    const licenses = mapFromEntries(['p#1'], [licenseOf(a1, 'p#1')]);
    expect(commit(changes, committed, licenses).size).toBe(0);
  });

  test('R-T2, R-L3: ends adopted as its own are found by id, changed and undone like written ones, and committed onto no ends in their buckets', () => {
    const journal = newJournal();
    const changes = new EndChanges(journal);
    const [a, b] = [endOf('p#1', 'p', WEEK), endOf('q#1', 'q', 2 * WEEK)];
    changes.adoptOwn(
      new Map([
        ['p#1', a],
        ['q#1', b],
      ]),
    );
    expect([changes.get('p', 'p#1'), changes.get('q', 'q#1'), changes.get('p', 'p#2')]).toEqual([a, b, undefined]);
    journal.entries = [];
    changes.set('p', 'p#1', null);
    undoJournal(journal);
    expect(changes.get('p', 'p#1')).toBe(a);
    changes.set('q', 'q#1', null);
    expect(flatten(commit(changes, emptyMap(), emptyMap()))).toEqual(new Map([['p#1', a]]));
    expect(() => {
      changes.set('p', 'p#2', a);
      changes.adoptOwn(new Map());
    }).toThrow('adoptOwn onto changes');
  });
});

describe('licenseEndsOf', () => {
  test('R-T2: puts every end in the bucket of its week and pool, and makes no empty bucket', () => {
    const a = endOf('p#1', 'p', WEEK);
    const b = endOf('p#2', 'p', WEEK + 5);
    const c = endOf('q#1', 'q', 3 * WEEK);
    const d = endOf('p#3', 'p', 2 * WEEK);
    const ends = licenseEndsOf([a, b, c, d], endBucket, DEFAULT_HASH_SEED);
    expect(flatten(ends)).toEqual(
      new Map([
        ['p#1', a],
        ['p#2', b],
        ['q#1', c],
        ['p#3', d],
      ]),
    );
    expect(ends.size).toBe(3);
    expect(licenseEndsOf([], endBucket, DEFAULT_HASH_SEED).size).toBe(0);
  });
});
