import fc from 'fast-check';
import { type Edit, type PersistentMap } from '../../src/index';
import {
  emptyMap,
  forEachEntry,
  getEntry,
  mapEntries,
  newEdit,
  removeEntry,
  retireEdit,
  setEntry,
  mapSeed,
} from '../../src/internal';
import { DEFAULT_HASH_SEED, hashSeedOf, keyedHash } from '../../src/collections/hash-seed';
import {
  adoptTable,
  mapFromEntries,
  mapKeys,
  mapShape,
  mapValues,
  tableCopy,
} from '../../src/collections/persistent-map';

type Op = { kind: 'set'; key: string; value: number } | { kind: 'remove'; key: string };
// Few distinct keys so sets, overwrites and removes collide often; 'Aa'/'BB'-style keys exercise deep paths.
const key = fc.oneof(fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', ''), fc.string({ maxLength: 3 }));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('remove' as const), key }),
);

const toObject = (map: PersistentMap<number>) =>
  Object.fromEntries([...mapEntries(map)].sort(([a], [b]) => (a < b ? -1 : 1)));
/** Applies one write to a map and the same to its `Map` model; returns the new map. */
const applyOp = (map: PersistentMap<number>, model: Map<string, number>, o: Op, edit: Edit | null) => {
  if (o.kind === 'set') {
    model.set(o.key, o.value);
    return setEntry(map, o.key, o.value, edit);
  }
  model.delete(o.key);
  return removeEntry(map, o.key, edit);
};
const modelObject = (model: Map<string, number>) => Object.fromEntries([...model].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('setEntry', () => {
  test(`behaves like a Map, with or without an edit`, () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.boolean(), (ops, transient) => {
        const edit = transient ? newEdit() : null;
        let map = emptyMap<number>();
        const model = new Map<string, number>();
        for (const o of ops) {
          map = applyOp(map, model, o, edit);
          expect(map.size).toBe(model.size);
        }
        for (const [k, v] of model) expect(getEntry(map, k)).toBe(v);
        expect(toObject(map)).toEqual(modelObject(model));
      }),
    );
  });

  test(`an earlier version never changes, even when later writes share an edit`, () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 100 }), fc.array(op, { maxLength: 100 }), (first, second) => {
        const edit = newEdit();
        let map = emptyMap<number>();
        for (const o of first)
          map = o.kind === 'set' ? setEntry(map, o.key, o.value, edit) : removeEntry(map, o.key, edit);
        retireEdit(edit);
        const frozen = toObject(map);
        const later = newEdit();
        let next = map;
        for (const o of second)
          next = o.kind === 'set' ? setEntry(next, o.key, o.value, later) : removeEntry(next, o.key, later);
        expect(toObject(map)).toEqual(frozen);
      }),
    );
  });

  test('a write under the live edit that made the path changes it in place and returns the same map', () => {
    const edit = newEdit();
    let map = emptyMap<number>();
    for (const k of ['a', 'b', 'c', 'd']) map = setEntry(map, k, 1, edit);
    const rewritten = setEntry(map, 'b', 2, edit);
    expect(rewritten).toBe(map);
    expect([getEntry(rewritten, 'b'), rewritten.size]).toEqual([2, 4]);
    // A key added changes the size: a new map. Without the edit, or once it is retired, nothing is written in place.
    const added = setEntry(map, 'e', 1, edit);
    expect([added === map, added.size]).toEqual([false, 5]);
    const copied = setEntry(added, 'c', 3);
    expect([copied === added, getEntry(added, 'c'), getEntry(copied, 'c')]).toEqual([false, 1, 3]);
    retireEdit(edit);
    const after = setEntry(added, 'c', 3, edit);
    expect([after === added, getEntry(added, 'c'), getEntry(after, 'c')]).toEqual([false, 1, 3]);
  });

  test('handles thousands of keys across deep tries', () => {
    let map = emptyMap<number>();
    for (let i = 0; i < 5000; i++) map = setEntry(map, `m${i}`, i);
    for (let i = 0; i < 5000; i += 7) map = removeEntry(map, `m${i}`);
    let count = 0;
    for (let i = 0; i < 5000; i++) if (getEntry(map, `m${i}`) === (i % 7 === 0 ? undefined : i)) count++;
    expect(count).toBe(5000);
    expect(map.size).toBe(5000 - Math.ceil(5000 / 7));
  });
});

describe('forEachEntry', () => {
  test(`visits every entry once, in the order mapEntries gives`, () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        let map = emptyMap<number>();
        for (const o of ops) map = o.kind === 'set' ? setEntry(map, o.key, o.value) : removeEntry(map, o.key);
        const visited: [string, number][] = [];
        forEachEntry(map, (value, k) => visited.push([k, value]));
        expect(visited).toEqual([...mapEntries(map)]);
      }),
    );
  });

  test('visits nothing in an empty map, and every key of a deep one', () => {
    let calls = 0;
    forEachEntry(emptyMap<number>(), () => calls++);
    expect(calls).toBe(0);
    let map = emptyMap<number>();
    for (let i = 0; i < 5000; i++) map = setEntry(map, `m${i}`, i);
    let sum = 0;
    forEachEntry(map, (value) => (sum += value));
    expect(sum).toBe((4999 * 5000) / 2);
  });
});

/** Two distinct keys with the same full 32-bit hash under the default seed, found by search (a birthday bound of ~2^16 keys). */
const collidingPair = (): readonly [string, string] => {
  const seen = new Map<number, string>();
  for (let i = 0; i < 2_000_000; i++) {
    const candidate = `k${i}`;
    const hash = keyedHash(DEFAULT_HASH_SEED, candidate);
    const earlier = seen.get(hash);
    if (earlier !== undefined) return [earlier, candidate];
    seen.set(hash, candidate);
  }
  throw new Error('no collision found');
};

describe('removeEntry (shape)', () => {
  test('a map emptied down to a few keys has the shape of a fresh map of those keys (a branch left with one leaf collapses)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ maxLength: 6 }), { minLength: 1, maxLength: 300 }),
        fc.nat(),
        fc.boolean(),
        (keys, kept, transient) => {
          const edit = transient ? newEdit() : null;
          let map = emptyMap<number>();
          keys.forEach((k, i) => (map = setEntry(map, k, i, edit)));
          const keep = keys.slice(0, 1 + (kept % Math.min(3, keys.length)));
          for (const k of keys.slice(keep.length)) map = removeEntry(map, k, edit);
          let fresh = emptyMap<number>();
          keep.forEach((k, i) => (fresh = setEntry(fresh, k, i)));
          expect(mapShape(map)).toEqual(mapShape(fresh));
          expect(toObject(map)).toEqual(toObject(fresh));
        },
      ),
    );
  });

  test('one key left after many is the root itself (depth 1)', () => {
    let map = emptyMap<number>();
    for (let i = 0; i < 5000; i++) map = setEntry(map, `key-${i}`, i);
    expect(mapShape(map).depth).toBeGreaterThan(2);
    for (let i = 1; i < 5000; i++) map = removeEntry(map, `key-${i}`);
    expect(mapShape(map)).toEqual({ depth: 1, largestCollision: 1 });
    expect(getEntry(map, 'key-0')).toBe(0);
  });
});

describe('collisions (two keys with one full hash)', () => {
  const [a, b] = collidingPair();

  test('the pair really collides: same hash, different keys', () => {
    expect(a).not.toBe(b);
    expect(keyedHash(DEFAULT_HASH_SEED, a)).toBe(keyedHash(DEFAULT_HASH_SEED, b));
  });

  test('both keys are kept apart in one collision node, read, overwritten and removed one by one', () => {
    let map = emptyMap<string>();
    for (let i = 0; i < 100; i++) map = setEntry(map, `other-${i}`, 'x');
    map = setEntry(setEntry(map, a, 'A'), b, 'B');
    expect(mapShape(map).largestCollision).toBe(2);
    expect([getEntry(map, a), getEntry(map, b), map.size]).toEqual(['A', 'B', 102]);
    const overwritten = setEntry(map, b, 'B2');
    expect([getEntry(overwritten, a), getEntry(overwritten, b), overwritten.size]).toEqual(['A', 'B2', 102]);
    expect(getEntry(map, b)).toBe('B');
    const withoutA = removeEntry(map, a);
    expect([getEntry(withoutA, a), getEntry(withoutA, b), withoutA.size]).toEqual([undefined, 'B', 101]);
    expect(mapShape(withoutA).largestCollision).toBe(1);
    expect(removeEntry(withoutA, a)).toBe(withoutA);
    expect([...mapEntries(removeEntry(withoutA, b))].filter(([k]) => k === a || k === b)).toEqual([]);
  });

  test('under an edit, the collision node is written like any other and earlier versions stay as they were', () => {
    const edit = newEdit();
    const before = setEntry(emptyMap<number>(), a, 1);
    let map = setEntry(before, b, 2, edit);
    map = setEntry(map, a, 3, edit);
    retireEdit(edit);
    expect([getEntry(map, a), getEntry(map, b)]).toEqual([3, 2]);
    expect([getEntry(before, a), getEntry(before, b), before.size]).toEqual([1, undefined, 1]);
  });
});

describe('mapFromEntries', () => {
  /** The map `setEntry` makes of the same entries, one at a time. */
  const oneByOne = (keys: readonly string[], values: readonly number[]) => {
    let map = emptyMap<number>();
    keys.forEach((k, i) => (map = setEntry(map, k, values[i] as number)));
    return map;
  };

  test('is the map setEntry one at a time makes: same entries in the same order, same shape, last value of a repeated key', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer()), { maxLength: 300 }), (entries) => {
        const keys = entries.map(([k]) => k);
        const values = entries.map(([, v]) => v);
        const bulk = mapFromEntries(keys, values);
        const expected = oneByOne(keys, values);
        expect(bulk.size).toBe(expected.size);
        expect([...mapEntries(bulk)]).toEqual([...mapEntries(expected)]);
        expect(mapShape(bulk)).toEqual(mapShape(expected));
        for (const k of keys) expect(getEntry(bulk, k)).toBe(getEntry(expected, k));
      }),
    );
  });

  test('builds thousands of keys across deep tries, which later writes under an edit change without touching it', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `m-${i}`);
    const values = keys.map((_, i) => i);
    const bulk = mapFromEntries(keys, values);
    expect([...mapEntries(bulk)]).toEqual([...mapEntries(oneByOne(keys, values))]);
    expect(mapShape(bulk).depth).toBeGreaterThan(2);
    const edit = newEdit();
    let next = bulk;
    for (let i = 0; i < 20_000; i += 3) next = setEntry(next, `m-${i}`, -i, edit);
    next = removeEntry(next, 'm-1', edit);
    retireEdit(edit);
    expect([getEntry(bulk, 'm-0'), getEntry(bulk, 'm-3'), getEntry(bulk, 'm-1'), bulk.size]).toEqual([0, 3, 1, 20_000]);
    expect([getEntry(next, 'm-3'), getEntry(next, 'm-4'), getEntry(next, 'm-1'), next.size]).toEqual([
      -3,
      4,
      undefined,
      19_999,
    ]);
  });

  test('keys with one full hash go to one collision node, a repeated one keeping its place and its last value', () => {
    const [a, b] = collidingPair();
    const keys = ['x', a, 'y', b, a];
    const values = [1, 2, 3, 4, 5];
    const bulk = mapFromEntries(keys, values);
    expect(mapShape(bulk).largestCollision).toBe(2);
    expect([getEntry(bulk, a), getEntry(bulk, b), bulk.size]).toEqual([5, 4, 4]);
    expect([...mapEntries(bulk)]).toEqual([...mapEntries(oneByOne(keys, values))]);
    expect([...mapEntries(mapFromEntries([a, b, a], [1, 2, 3]))]).toEqual([
      ...mapEntries(oneByOne([a, b, a], [1, 2, 3])),
    ]);
  });

  test('keeps the seed it is given, and refuses keys and values of different lengths', () => {
    const seed = hashSeedOf(7, 11);
    const map = mapFromEntries(['a', 'b'], [1, 2], seed);
    expect([mapSeed(map), getEntry(map, 'b'), mapFromEntries([], [], seed).size]).toEqual([seed, 2, 0]);
    expect(() => mapFromEntries(['a'], [])).toThrow(RangeError);
  });
});

describe('adoptTable', () => {
  // Enough distinct keys for writes to reach a quarter of the table (a fold) and still hit the same keys again.
  const wideKey = fc.oneof(
    { arbitrary: key, weight: 1 },
    { arbitrary: fc.integer({ min: 0, max: 150 }).map((n) => `k${n}`), weight: 4 },
  );
  const wideOp: fc.Arbitrary<Op> = fc.oneof(
    { arbitrary: fc.record({ kind: fc.constant('set' as const), key: wideKey, value: fc.integer() }), weight: 3 },
    { arbitrary: fc.record({ kind: fc.constant('remove' as const), key: wideKey }), weight: 1 },
  );
  const tableOf = (entries: ReadonlyArray<readonly [string, number]>) => new Map(entries);

  test('a map over a table behaves like a Map under any writes, branches included; no version and not the table ever change', () => {
    fc.assert(
      fc.property(
        // Lengths that reach folds (32 writes and a quarter of the table), which small default sizes would not.
        fc.array(fc.tuple(wideKey, fc.integer()), { minLength: 10, maxLength: 60 }),
        fc.array(fc.tuple(wideOp, fc.nat()), { minLength: 150, maxLength: 400 }),
        (initial, ops) => {
          const table = tableOf(initial);
          const tableBefore = [...table];
          const versions = [{ map: adoptTable(table), model: new Map(table) }];
          for (const [o, pick] of ops) {
            // Mostly the newest version; sometimes an older one (a branch).
            const from = versions[pick % 8 === 0 ? pick % versions.length : versions.length - 1]!;
            const model = new Map(from.model);
            if (o.kind === 'set') model.set(o.key, o.value);
            else model.delete(o.key);
            const map = o.kind === 'set' ? setEntry(from.map, o.key, o.value) : removeEntry(from.map, o.key);
            versions.push({ map, model });
          }
          // Compared in plain code, one expectation at the end: an expect per entry made this test slow.
          const wrong = versions.filter(
            ({ map, model }) =>
              map.size !== model.size ||
              JSON.stringify(toObject(map)) !== JSON.stringify(modelObject(model)) ||
              [...model].some(([k, v]) => getEntry(map, k) !== v) ||
              getEntry(map, 'absent-key') !== undefined,
          );
          expect(wrong.map(({ model }) => modelObject(model))).toEqual([]);
          expect([...table]).toEqual(tableBefore);
        },
      ),
    );
  });

  test('writes under an edit change the map as a Map would, and leave the map they started from and its table as they were', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(wideKey, fc.integer()), { minLength: 10, maxLength: 60 }),
        fc.array(wideOp, { minLength: 150, maxLength: 400 }),
        (initial, ops) => {
          const table = tableOf(initial);
          const start = adoptTable(table);
          const before = toObject(start);
          const model = new Map(table);
          const edit = newEdit();
          let map = start;
          for (const o of ops) {
            map = applyOp(map, model, o, edit);
            expect(map.size).toBe(model.size);
          }
          retireEdit(edit);
          expect(toObject(map)).toEqual(modelObject(model));
          expect(toObject(start)).toEqual(before);
          expect([...table]).toEqual(initial.length === 0 ? [] : [...tableOf(initial)]);
        },
      ),
    );
  });

  test('forEachEntry, mapEntries, mapKeys and mapValues visit every entry once, in one order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(wideKey, fc.integer()), { maxLength: 80 }),
        fc.array(wideOp, { maxLength: 40 }),
        (initial, ops) => {
          let map = adoptTable(tableOf(initial));
          for (const o of ops) map = o.kind === 'set' ? setEntry(map, o.key, o.value) : removeEntry(map, o.key);
          const visited: [string, number][] = [];
          forEachEntry(map, (value, k) => visited.push([k, value]));
          expect(visited).toEqual([...mapEntries(map)]);
          expect([...mapKeys(map)]).toEqual(visited.map(([k]) => k));
          expect([...mapValues(map)]).toEqual(visited.map(([, v]) => v));
          expect(new Set(visited.map(([k]) => k)).size).toBe(map.size);
        },
      ),
    );
  });

  test('writes since the table was taken over are folded into a new table once they are a quarter of it', () => {
    const table = new Map(Array.from({ length: 200 }, (_, i) => [`m-${i}`, i] as const));
    let map = adoptTable(table);
    expect(mapShape(map).depth).toBe(0);
    for (let i = 0; i < 49; i++) map = setEntry(map, `n-${i}`, i);
    expect(mapShape(map).depth).toBeGreaterThan(0);
    map = removeEntry(map, 'm-0');
    expect(mapShape(map).depth).toBe(0);
    expect([map.size, getEntry(map, 'm-0'), getEntry(map, 'n-48'), getEntry(map, 'm-199')]).toEqual([
      248,
      undefined,
      48,
      199,
    ]);
    expect(table.size).toBe(200);
  });

  test('an empty table is the empty map of the seed; the seed is kept for later writes', () => {
    const seed = hashSeedOf(3, 5);
    const empty = adoptTable(new Map<string, number>(), seed);
    expect([empty.size, mapSeed(empty), [...mapEntries(empty)]]).toEqual([0, seed, []]);
    const map = setEntry(adoptTable(new Map([['a', 1]]), seed), 'b', 2);
    expect([mapSeed(map), getEntry(map, 'a'), getEntry(map, 'b'), map.size]).toEqual([seed, 1, 2, 2]);
  });
});

describe('tableCopy', () => {
  test('holds every entry of a trie or of a table with writes over it, and changing it changes no map', () => {
    const trie = mapFromEntries(['a', 'b'], [1, 2]);
    const overTable = removeEntry(
      setEntry(
        adoptTable(
          new Map([
            ['x', 1],
            ['y', 2],
          ]),
        ),
        'z',
        3,
      ),
      'x',
    );
    for (const map of [trie, overTable, emptyMap<number>()]) {
      const copy = tableCopy(map);
      expect(Object.fromEntries(copy)).toEqual(toObject(map));
      copy.set('new', 9);
      expect(getEntry(map, 'new')).toBeUndefined();
    }
  });
});
