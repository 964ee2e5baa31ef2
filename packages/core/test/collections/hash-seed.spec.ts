import fc from 'fast-check';
import { pipe } from 'fp-ts/function';
import { DEFAULT_HASH_SEED, hashSeedOf, type LedgerEvent, replay } from '../../src/index';
import { keyedHash } from '../../src/internal';
import { keyedHashInt32, keyedHashOfBytesInt32 } from '../../src/collections/hash-seed';
import { idTableProbes } from '../../src/collections/id-hash-map';
import { emptyMap, mapShape, setEntry } from '../../src/collections/persistent-map';
import { collidingIds, oldFnv1a } from '../support/fnv-flood';
import { instantOf } from '@license-ledger/testing';

// 65 536 ids sharing one value of the unseeded FNV-1a the tables hashed with before (issue F4).
const flood = collidingIds(16);

describe('keyedHash', () => {
  test('F4: the 65 536 ids that share one old FNV-1a hash are spread over nearly as many keyed hashes', () => {
    expect(new Set(flood).size).toBe(65_536);
    expect(new Set(flood.map((id) => oldFnv1a(id))).size).toBe(1);
    for (const seed of [DEFAULT_HASH_SEED, hashSeedOf(0x9e3779b9, 0x7f4a7c15)]) {
      // 65 536 random 32-bit values have about 0.5 repeats on average.
      expect(new Set(flood.map((id) => keyedHash(seed, id))).size).toBeGreaterThan(65_500);
    }
  });

  test('F4: the hash depends on its seed, so colliding keys cannot be chosen without it', () => {
    const a = flood.slice(0, 1000).map((id) => keyedHash(hashSeedOf(1, 2), id));
    const b = flood.slice(0, 1000).map((id) => keyedHash(hashSeedOf(1, 3), id));
    expect(a.filter((h, i) => h === b[i]).length).toBeLessThan(3);
    expect(keyedHash(hashSeedOf(1, 2), 'e1')).toBe(keyedHash(hashSeedOf(1, 2), 'e1'));
  });
});

describe('keyedHashInt32', () => {
  test('F4: the same 32 bits as keyedHash, signed (what the tries place keys by)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), fc.integer(), fc.integer(), (key, k0, k1) => {
        const seed = hashSeedOf(k0, k1);
        const signed = keyedHashInt32(seed, key);
        expect(signed).toBe(signed | 0);
        expect(signed >>> 0).toBe(keyedHash(seed, key));
      }),
    );
    expect(flood.some((id) => keyedHashInt32(DEFAULT_HASH_SEED, id) < 0)).toBe(true);
  });
});

describe('keyedHash (values)', () => {
  test('gives the same values from one version to the next (they place every key of every map): pinned for both seeds', () => {
    const pinned: ReadonlyArray<readonly [string, number, number]> = [
      ['', 2745465230, 2360227713],
      ['a', 752017988, 2410833595],
      ['e1', 3083229239, 4022634144],
      ['kes#12', 3356048909, 2138396808],
      ['ws-0001', 2539143875, 2222286064],
      ['\u00e9t\u00e9', 3590507621, 1649389974],
      ['\u6771\u4eac\u{1f642}', 2562430798, 2101062635],
      ['x'.repeat(33), 3716534172, 1443661424],
    ];
    for (const [key, fixed, seeded] of pinned) {
      expect(keyedHash(DEFAULT_HASH_SEED, key)).toBe(fixed);
      expect(keyedHash(hashSeedOf(7, 11), key)).toBe(seeded);
    }
    // The bytes version agrees on the Latin-1 ones (its own rounds, kept apart for speed).
    const bytes = Buffer.from('kes#12\u00e9t\u00e9', 'latin1');
    expect(keyedHashOfBytesInt32(DEFAULT_HASH_SEED, bytes, 0, 6) >>> 0).toBe(3356048909);
    expect(keyedHashOfBytesInt32(hashSeedOf(7, 11), bytes, 6, 9) >>> 0).toBe(1649389974);
  });
});

describe('emptyMap (seeded)', () => {
  test('F4: keys sharing one old FNV-1a hash make no collision chain in a map', () => {
    let map = emptyMap<number>(hashSeedOf(0x51ed, 0x2701));
    for (let i = 0; i < flood.length; i++) map = setEntry(map, flood[i] as string, i);
    expect(map.size).toBe(65_536);
    // Before: one collision node of 65 536 leaves, copied whole on every insert (quadratic).
    const shape = mapShape(map);
    expect(shape.largestCollision).toBeLessThanOrEqual(2);
  });
});

describe('replay (hash flooding)', () => {
  test('F4, R-L5: 65 536 event and machine ids sharing one old hash replay in linear work', () => {
    const at = instantOf('2025-01-01T00:00:00Z');
    const events: LedgerEvent[] = [
      { type: 'LicensePurchased', id: 'buy', at, poolId: 'kes', module: 'KES', quantity: 65_536 },
    ];
    // A common suffix keeps a collision: the event ids collide with each other as the machine ids do.
    for (const id of flood)
      events.push({ type: 'KesInstalled', id: `${id}!`, at, poolId: 'kes', machineId: id, groupId: 'g' });
    const before = idTableProbes();
    const result = pipe(events, replay({ hashSeed: hashSeedOf(0xc0ffee, 0xbeef) }));
    const probes = idTableProbes() - before;
    expect(result.stats.applied).toBe(65_537);
    // One probe sequence per id (a lookup's miss is where its add writes); a table at most 70 % full
    // probes ~6 slots on average for a miss, and growth by 1.5× or 4/3 re-places each id ~2.4 times over
    // the table's life. Before: ~n²/2 = 2·10⁹ probes.
    expect(probes).toBeLessThan(10 * 65_537);
    expect(mapShape(result.state.machines).largestCollision).toBeLessThanOrEqual(2);
  });
});

/** Bytes and a slice of them (any, the empty one included). */
const slice = fc.tuple(fc.uint8Array({ maxLength: 40 }), fc.nat(), fc.nat()).map(([bytes, a, b]) => {
  const start = bytes.length === 0 ? 0 : a % bytes.length;
  const end = start + (bytes.length === 0 ? 0 : b % (bytes.length - start + 1));
  return { bytes, start, end, text: String.fromCharCode(...bytes.subarray(start, end)) };
});

describe('keyedHashOfBytesInt32', () => {
  test('is keyedHash of the Latin-1 string the bytes spell, modulo 2^32 as a signed 32-bit integer, for any seed and any slice (what the id table re-hashes with when it grows)', () => {
    fc.assert(
      fc.property(slice, fc.integer(), fc.integer(), ({ bytes, start, end, text }, k0, k1) => {
        const seed = hashSeedOf(k0, k1);
        const signed = keyedHashOfBytesInt32(seed, bytes, start, end);
        expect(signed).toBe(signed | 0);
        expect(signed >>> 0).toBe(keyedHash(seed, text));
        expect(signed).toBe(keyedHashInt32(seed, text));
      }),
    );
    // Half of all hashes are 2^31 or more, i.e. negative here.
    const ids = Array.from({ length: 64 }, (_, i) => Buffer.from(`e${i}`, 'latin1'));
    expect(ids.some((id) => keyedHashOfBytesInt32(DEFAULT_HASH_SEED, id, 0, id.length) < 0)).toBe(true);
  });
});
