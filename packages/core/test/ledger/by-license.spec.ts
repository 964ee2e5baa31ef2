import fc from 'fast-check';
import { newJournal, undoJournal } from '../../src/collections/overlay-map';
import { adoptTable, emptyMap, mapEntries, newEdit, type PersistentMap } from '../../src/collections/persistent-map';
import { DEFAULT_HASH_SEED } from '../../src/collections/hash-seed';
import { ByLicense, commitByLicense } from '../../src/ledger/by-license';

/**
 * License ids as the draft meets them, with the pool id it passes along: ids of
 * their pool (`p#3`, a pool id holding `#`), numbers past the arrays' bound, ids
 * of no pool's form (leading zero, no number, `#` alone), and the same id passed
 * with a pool that is not its own (a state read back may hold any id).
 */
const keys: fc.Arbitrary<readonly [string, string]> = fc.constantFrom(
  ['p', 'p#1'],
  ['p', 'p#2'],
  ['p', 'p#40'],
  ['q', 'q#1'],
  ['q', 'q#2'],
  ['a#b', 'a#b#1'],
  ['a', 'a#b#1'],
  ['p', 'p#65536'],
  ['p', 'p#65537'],
  ['p', 'p#900000000000'],
  ['p', 'p#01'],
  ['p', 'p#'],
  ['p', 'odd'],
  ['q', 'p#1'],
  ['', 'p#2'],
  ['', 'q#1'],
  ['x', 'p#40'],
);

type Op =
  | { readonly kind: 'set'; readonly key: readonly [string, string]; readonly value: number | null | undefined }
  | { readonly kind: 'open' }
  | { readonly kind: 'undo' };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      key: keys,
      value: fc.oneof(fc.integer({ min: 0, max: 9 }), fc.constant(null), fc.constant(undefined)),
    }),
    weight: 8,
  },
  { arbitrary: fc.constant({ kind: 'open' } as const), weight: 1 },
  { arbitrary: fc.constant({ kind: 'undo' } as const), weight: 1 },
);

/** The model's entries with a value. */
const defined = (model: Map<string, number | null | undefined>): Map<string, number | null> =>
  new Map([...model].filter((entry): entry is [string, number | null] => entry[1] !== undefined));

/** What `forEach` visits, as a map; each id visited once. */
const visited = (values: ByLicense<number | null>): Map<string, number | null> => {
  const out = new Map<string, number | null>();
  values.forEach(
    (value, licenseId) => {
      expect(out.has(licenseId)).toBe(false);
      out.set(licenseId, value);
    },
    () => undefined,
  );
  return out;
};

describe('ByLicense', () => {
  test('R-L3: reads back what was last set for each license id, whatever pool id comes with it; an undo puts back what was there when the journal opened', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 60 }), (ops) => {
        const journal = newJournal();
        const values = new ByLicense<number | null>(journal);
        let model = new Map<string, number | null | undefined>();
        let atOpen: Map<string, number | null | undefined> | null = null;
        for (const step of ops) {
          if (step.kind === 'open') {
            if (journal.entries === null) {
              journal.entries = [];
              atOpen = new Map(model);
            }
          } else if (step.kind === 'undo') {
            undoJournal(journal);
            if (atOpen !== null) model = atOpen;
            atOpen = null;
          } else {
            const [poolId, licenseId] = step.key;
            values.set(poolId, licenseId, step.value);
            model.set(licenseId, step.value);
          }
          for (const [poolId, licenseId] of [
            ['p', 'p#1'],
            ['x', 'p#1'],
            ['p', 'p#40'],
            ['a#b', 'a#b#1'],
            ['p', 'p#65537'],
            ['q', 'odd'],
          ] as const)
            expect(values.get(poolId, licenseId)).toBe(model.get(licenseId));
          expect(values.size).toBe(defined(model).size);
        }
        expect(visited(values)).toEqual(defined(model));
        values.clear();
        expect([values.size, visited(values).size, values.get('p', 'p#1')]).toEqual([0, 0, undefined]);
      }),
    );
  });

  test('forEachValue visits every value forEach visits, null (none now) included, each once, whatever the id', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keys, fc.option(fc.integer({ min: 0, max: 9 }), { nil: null }))), (writes) => {
        const values = new ByLicense<number | null>(newJournal());
        for (const [[poolId, licenseId], value] of writes) values.set(poolId, licenseId, value);
        const seen: (number | null)[] = [];
        values.forEachValue((value) => seen.push(value));
        const sorted = (list: (number | null)[]) => [...list].sort((a, b) => (a ?? -1) - (b ?? -1));
        expect(sorted(seen)).toEqual(sorted([...visited(values).values()]));
      }),
    );
  });

  test('keeps a pool numbered up to its highest license in one array, not one slot per number up to a far one', () => {
    const values = new ByLicense<number>(newJournal());
    values.set('p', 'p#70000', 1);
    values.set('p', 'p#3', 2);
    const pools = (values as unknown as { pools: Map<string, unknown[]> }).pools;
    expect(pools.get('p')?.length).toBe(4);
    expect([values.get('p', 'p#70000'), values.get('p', 'p#3')]).toEqual([1, 2]);
  });
});

describe('commitByLicense', () => {
  const idOf = (value: { readonly id: string }): string => value.id;
  // Up to 80 licenses of two pools, so a commit may take each path.
  const ids = fc.oneof(
    fc.constant('odd'),
    fc.tuple(fc.constantFrom('p', 'q'), fc.integer({ min: 1, max: 40 })).map(([pool, n]) => `${pool}#${n}`),
  );

  test('holds the base with every value set over it and without every license set to none, onto an empty, a small or a large base; the changes are then forgotten', () => {
    fc.assert(
      fc.property(
        fc.dictionary(ids, fc.integer({ min: 0, max: 9 })),
        fc.array(fc.tuple(ids, fc.option(fc.integer({ min: 0, max: 9 }), { nil: null })), {
          maxLength: 120,
          size: 'max',
        }),
        fc.integer({ min: 0, max: 200 }),
        (initial, writes, filler) => {
          // The filler makes the base large enough (or not) for the bulk path.
          const baseEntries = new Map<string, { readonly id: string; readonly value: number }>();
          for (const [id, value] of Object.entries(initial)) baseEntries.set(id, { id, value });
          for (let n = 1; n <= filler; n++) baseEntries.set(`f#${n}`, { id: `f#${n}`, value: n });
          const base: PersistentMap<{ readonly id: string; readonly value: number }> =
            baseEntries.size === 0 ? emptyMap(DEFAULT_HASH_SEED) : adoptTable(new Map(baseEntries), DEFAULT_HASH_SEED);
          const changes = new ByLicense<{ readonly id: string; readonly value: number } | null>(newJournal());
          const model = new Map(baseEntries);
          for (const [id, value] of writes) {
            const entry = value === null ? null : { id, value };
            changes.set(id.split('#')[0] as string, id, entry);
            if (entry === null) model.delete(id);
            else model.set(id, entry);
          }
          const committed = commitByLicense(base, changes, idOf, newEdit());
          expect(new Map(mapEntries(committed))).toEqual(model);
          expect(new Map(mapEntries(base))).toEqual(baseEntries);
          expect(changes.size).toBe(0);
          expect(commitByLicense(committed, changes, idOf, newEdit())).toBe(committed);
        },
      ),
    );
  });
});
