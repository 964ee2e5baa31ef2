import fc from 'fast-check';
import { RecordIndex } from '../../src/collections/record-index';
import { DEFAULT_HASH_SEED, hashSeedOf } from '../../src/collections/hash-seed';

type Op =
  { kind: 'set'; id: string; value: number; flag: boolean } | { kind: 'forget'; id: string } | { kind: 'clearFlags' };

// Few distinct ids, so ids are set, forgotten and set again; enough of them to make the index grow several times.
const id = fc.oneof(
  fc.constantFrom('', 'a', 'b', 'm-1-0'),
  fc.integer({ min: 0, max: 300 }).map((n) => `m-${n}-0`),
);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({ kind: fc.constant('set' as const), id, value: fc.integer(), flag: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('forget' as const), id }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'clearFlags' as const }) },
);

describe('RecordIndex', () => {
  test('answers every id with what was last stored for it and its flag, like a Map, across growth', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 600 }), fc.integer(), (ops, k0) => {
        const index = new RecordIndex<{ id: string; value: number }>(hashSeedOf(k0, 7));
        const model = new Map<string, { record: { id: string; value: number }; flag: boolean }>();
        for (const o of ops) {
          if (o.kind === 'set') {
            const record = { id: o.id, value: o.value };
            index.set(o.id, record, o.flag);
            model.set(o.id, { record, flag: o.flag });
          } else if (o.kind === 'forget') {
            index.forget(o.id);
            model.delete(o.id);
          } else {
            index.clearFlags();
            for (const entry of model.values()) entry.flag = false;
          }
        }
        for (let n = -1; n <= 300; n++) {
          const key = n < 0 ? 'a' : `m-${n}-0`;
          const expected = model.get(key);
          expect(index.get(key)).toBe(expected?.record);
          expect(index.lastFlag).toBe(expected?.flag ?? false);
        }
      }),
    );
  });

  test('tells apart ids whose slots collide, and an id it never saw from one it forgot', () => {
    const index = new RecordIndex<{ id: string }>(DEFAULT_HASH_SEED);
    // 10 000 ids in a table that starts with 64 slots: every home slot is shared by many.
    for (let i = 0; i < 10_000; i++) index.set(`id${i}`, { id: `id${i}` }, i % 2 === 0);
    index.forget('id5');
    expect([index.get('id4'), index.lastFlag]).toEqual([{ id: 'id4' }, true]);
    expect([index.get('id9999'), index.lastFlag]).toEqual([{ id: 'id9999' }, false]);
    expect([index.get('id5'), index.lastFlag]).toEqual([undefined, false]);
    expect(index.get('id10000')).toBeUndefined();
  });
});
