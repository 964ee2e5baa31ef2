import fc from 'fast-check';
import { type PersistentMap } from '../../src/index';
import { emptyMap, forEachEntry, getEntry, mapEntries, newEdit, removeEntry, retireEdit, setEntry } from '../../src/internal';


type Op = { kind: 'set'; key: string; value: number } | { kind: 'remove'; key: string };
// Few distinct keys so sets, overwrites and removes collide often; 'Aa'/'BB'-style keys exercise deep paths.
const key = fc.oneof(fc.constantFrom('a', 'b', 'c', '__proto__', 'constructor', ''), fc.string({ maxLength: 3 }));
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }),
  fc.record({ kind: fc.constant('remove' as const), key }),
);

const toObject = (map: PersistentMap<number>) => Object.fromEntries([...mapEntries(map)].sort(([a], [b]) => (a < b ? -1 : 1)));
const modelObject = (model: Map<string, number>) => Object.fromEntries([...model].sort(([a], [b]) => (a < b ? -1 : 1)));

describe('setEntry', () => {
  test(`behaves like a Map, with or without an edit`, () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), fc.boolean(), (ops, transient) => {
        const edit = transient ? newEdit() : null;
        let map = emptyMap<number>();
        const model = new Map<string, number>();
        for (const o of ops) {
          if (o.kind === 'set') {
            map = setEntry(map, o.key, o.value, edit);
            model.set(o.key, o.value);
          } else {
            map = removeEntry(map, o.key, edit);
            model.delete(o.key);
          }
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
        for (const o of first) map = o.kind === 'set' ? setEntry(map, o.key, o.value, edit) : removeEntry(map, o.key, edit);
        retireEdit(edit);
        const frozen = toObject(map);
        const later = newEdit();
        let next = map;
        for (const o of second) next = o.kind === 'set' ? setEntry(next, o.key, o.value, later) : removeEntry(next, o.key, later);
        expect(toObject(map)).toEqual(frozen);
      }),
    );
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
