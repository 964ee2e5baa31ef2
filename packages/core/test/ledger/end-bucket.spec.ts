import fc from 'fast-check';
import { DEFAULT_HASH_SEED } from '../../src/collections/hash-seed';
import { newJournal, undoJournal } from '../../src/collections/overlay-map';
import { emptyMap, mapEntries, newEdit, type PersistentMap, setEntry } from '../../src/collections/persistent-map';
import { endIn, mutableBucket, persistentBucket, writeBucket } from '../../src/ledger/end-bucket';
import type { LicenseEnd } from '../../src/state/ledger-state';
import { addExactDays } from '../../src/time/instant';
import { instantOf } from '@license-ledger/testing';

const endOf = (licenseId: string, day: number): LicenseEnd =>
  Object.freeze({
    at: addExactDays(instantOf('2025-03-03T00:00:00Z'), day),
    kind: 'license-end',
    poolId: 'kes',
    machineId: `ws-${licenseId}`,
    licenseId,
  });

const persistentOf = (ends: readonly LicenseEnd[]): PersistentMap<LicenseEnd> =>
  ends.reduce((map, end) => setEntry(map, end.licenseId, end), emptyMap<LicenseEnd>());

const licenseId = fc.constantFrom('kes#1', 'kes#2', 'kes#3', 'kes#4', 'kes#5');

describe('endIn', () => {
  test('R-T2: finds a license end in a persistent bucket and in a Map bucket alike', () => {
    const ends = [endOf('kes#1', 0), endOf('kes#2', 1)];
    const persistent = persistentOf(ends);
    const mutable = mutableBucket(persistent);
    for (const bucket of [persistent, mutable]) {
      expect(endIn(bucket, 'kes#2')).toBe(ends[1]);
      expect(endIn(bucket, 'kes#9')).toBeUndefined();
    }
  });
});

describe('mutableBucket', () => {
  test('R-T2: copies a bucket (persistent or Map, or none) into a new Map the caller may change', () => {
    const ends = [endOf('kes#1', 0), endOf('kes#2', 1)];
    const persistent = persistentOf(ends);
    const copy = mutableBucket(persistent);
    expect([...copy.values()]).toEqual(expect.arrayContaining(ends));
    expect(copy.size).toBe(2);
    const second = mutableBucket(copy);
    second.delete('kes#1');
    expect(copy.size).toBe(2);
    expect(mutableBucket(undefined).size).toBe(0);
  });
});

describe('persistentBucket', () => {
  test('R-T2: a Map bucket becomes the trie setEntry would have built; a persistent one is returned as it is', () => {
    fc.assert(
      fc.property(fc.uniqueArray(licenseId), (ids) => {
        const ends = ids.map((id, day) => endOf(id, day));
        const expected = persistentOf(ends);
        const built = persistentBucket(new Map(ends.map((end) => [end.licenseId, end])), DEFAULT_HASH_SEED, newEdit());
        expect(new Map(mapEntries(built))).toEqual(new Map(mapEntries(expected)));
        expect(built.size).toBe(ends.length);
        expect(persistentBucket(expected, DEFAULT_HASH_SEED, newEdit())).toBe(expected);
      }),
    );
  });
});

describe('writeBucket', () => {
  test('R-L3: writes and deletes in place; with a journal open, undoJournal puts the bucket back exactly', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(licenseId, fc.boolean())),
        fc.array(fc.tuple(licenseId, fc.boolean())),
        (before, during) => {
          const journal = newJournal();
          const bucket = new Map<string, LicenseEnd>();
          before.forEach(([id, set], day) => writeBucket(journal, bucket, id, set ? endOf(id, day) : undefined));
          const saved = new Map(bucket);
          journal.entries = [];
          during.forEach(([id, set], day) => {
            writeBucket(journal, bucket, id, set ? endOf(id, 100 + day) : undefined);
            expect(bucket.get(id)?.licenseId).toBe(set ? id : undefined);
          });
          undoJournal(journal);
          expect(bucket).toEqual(saved);
          expect([...bucket.keys()].sort()).toEqual([...saved.keys()].sort());
        },
      ),
    );
  });
});
