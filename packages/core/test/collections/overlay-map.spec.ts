import fc from 'fast-check';
import { type Journal, newJournal, OverlayMap, undoJournal } from '../../src/collections/overlay-map';
import {
  adoptTable,
  emptyMap,
  mapEntries,
  newEdit,
  type PersistentMap,
  setEntry,
} from '../../src/collections/persistent-map';

type Op =
  | { kind: 'set'; key: string; value: number }
  | { kind: 'delete'; key: string }
  | { kind: 'commit' }
  | { kind: 'checkpoint' }
  | { kind: 'rollback' };

const key = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h');
const op: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant('set' as const), key, value: fc.integer() }), weight: 5 },
  { arbitrary: fc.record({ kind: fc.constant('delete' as const), key }), weight: 2 },
  { arbitrary: fc.constant({ kind: 'commit' } as const), weight: 1 },
  { arbitrary: fc.constant({ kind: 'checkpoint' } as const), weight: 1 },
  { arbitrary: fc.constant({ kind: 'rollback' } as const), weight: 1 },
);

/** A model of the map's entries, and the entries it had when the journal was opened. */
interface Modelled {
  model: Map<string, number>;
  saved: Map<string, number> | null;
}

/** A checkpoint opens the journal and saves the model; a rollback undoes the journal and puts the model back. */
const journalStep = (journal: Journal, modelled: Modelled, kind: string): void => {
  if (kind === 'checkpoint' && journal.entries === null) {
    journal.entries = [];
    modelled.saved = new Map(modelled.model);
  } else if (kind === 'rollback' && modelled.saved !== null) {
    undoJournal(journal);
    modelled.model = modelled.saved;
    modelled.saved = null;
  }
};

const baseOf = (entries: ReadonlyArray<readonly [string, number]>): PersistentMap<{ n: number }> => {
  let map = emptyMap<{ n: number }>();
  for (const [k, n] of entries) map = setEntry(map, k, { n });
  return map;
};

describe('OverlayMap', () => {
  test('reads its own writes over the base; commit gives every entry; a journal undoes exactly what it recorded', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(key, fc.integer())), fc.array(op, { maxLength: 60 }), (initial, ops) => {
        const journal = newJournal();
        const base = baseOf(initial);
        const overlay = new OverlayMap(base, journal);
        const m: Modelled = { model: new Map([...mapEntries(base)].map(([k, v]) => [k, v.n])), saved: null };
        for (const step of ops) {
          if (step.kind === 'set') overlay.set(step.key, { n: step.value });
          else if (step.kind === 'delete') overlay.delete(step.key);
          if (step.kind === 'set') m.model.set(step.key, step.value);
          else if (step.kind === 'delete') m.model.delete(step.key);
          else if (step.kind === 'commit' && journal.entries === null) {
            const committed = overlay.commit(newEdit());
            expect(new Map([...mapEntries(committed)].map(([k, v]) => [k, v.n]))).toEqual(m.model);
          } else journalStep(journal, m, step.kind);
          for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']) expect(overlay.get(k)?.n).toBe(m.model.get(k));
        }
      }),
    );
  });

  test('peek finds what get finds, with none of its effects: lastOwned stays as the last get left it, and no number of peeks makes the map take its base over', () => {
    const start = Array.from({ length: 40 }, (_, n) => [`k${n}`, n] as const);
    const base = baseOf(start);
    for (const [, value] of mapEntries(base)) Object.freeze(value);
    const overlay = new OverlayMap(base, newJournal(), { frozenValues: true });
    overlay.set('k0', { n: -1 });
    overlay.delete('k1');
    overlay.set('new', { n: 99 });
    expect(overlay.get('k0')?.n).toBe(-1);
    expect(overlay.lastOwned).toBe(true);
    for (let round = 0; round < 10; round++)
      for (const k of ['k0', 'k1', 'new', 'none', ...start.map(([k]) => k)])
        expect(overlay.peek(k)).toBe(overlay.get(k));
    overlay.get('k0');
    for (const [k] of start) overlay.peek(k);
    expect(overlay.lastOwned).toBe(true);
    // A map that took its base over commits a table of its own; one that did not writes its three writes into the base.
    const peekOnly = new OverlayMap(base, newJournal(), { frozenValues: true });
    for (let round = 0; round < 10; round++) for (const [k] of start) peekOnly.peek(k);
    expect(peekOnly.commit(newEdit())).toBe(base);
  });

  test('owns the values it stored since its last commit, and nothing it was built on or has committed', () => {
    const given = { n: 1 };
    const overlay = new OverlayMap(setEntry(emptyMap<{ n: number }>(), 'a', given), newJournal());
    expect(overlay.owns('a', given)).toBe(false);
    const stored = { n: 2 };
    overlay.set('a', stored);
    expect(overlay.owns('a', stored)).toBe(true);
    expect(overlay.owns('a', given)).toBe(false);
    expect(overlay.owns('b', stored)).toBe(false);
    overlay.commit(newEdit());
    expect(overlay.owns('a', stored)).toBe(false);
    overlay.delete('a');
    expect(overlay.owns('a', stored)).toBe(false);
  });

  test('commit stores what seal returns in place of a value it wrote (a mutable value made persistent), onto an empty base and onto a full one', () => {
    for (const base of [emptyMap<{ n: number }>(), baseOf([['z', 0]])]) {
      const overlay = new OverlayMap(base, newJournal());
      const written = Array.from({ length: 40 }, (_, n) => ({ n }));
      written.forEach((value, i) => overlay.set(`k${i}`, value));
      const committed = overlay.commit(newEdit(), (value) => (value.n % 2 === 0 ? { n: -value.n } : undefined));
      const entries = new Map(mapEntries(committed));
      expect(entries.get('k4')).toEqual({ n: -4 });
      expect(entries.get('k5')).toBe(written[5]);
      expect(entries.get('z')).toEqual(base.size === 0 ? undefined : { n: 0 });
    }
  });

  test('commit of many writes and deletes (one table of the base and the writes) gives every entry, sealed, over a trie or a table, and leaves the base as it was', () => {
    const many = fc.array(
      fc.tuple(
        fc.integer({ min: 0, max: 99 }).map((n) => `k${n}`),
        fc.option(fc.integer(), { nil: undefined }),
      ),
      { minLength: 40, maxLength: 200 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 99 }), { maxLength: 100 }),
        many,
        fc.boolean(),
        (initial, writes, asTable) => {
          const start = new Map<string, { n: number }>(initial.map((n) => [`k${n}`, { n }]));
          const base = asTable ? adoptTable(new Map(start)) : baseOf([...start].map(([k, { n }]) => [k, n] as const));
          const overlay = new OverlayMap(base, newJournal());
          const model = new Map(start);
          for (const [k, n] of writes) {
            if (n === undefined) {
              overlay.delete(k);
              model.delete(k);
            } else {
              overlay.set(k, { n });
              model.set(k, { n });
            }
          }
          const committed = overlay.commit(newEdit(), (value) => ({ n: -value.n }));
          const sealed = new Map([...model].map(([k, v]) => [k, start.get(k) === v ? v : { n: -v.n }]));
          expect(new Map(mapEntries(committed))).toEqual(sealed);
          expect(committed.size).toBe(model.size);
          expect(new Map(mapEntries(base))).toEqual(start);
        },
      ),
    );
  });

  test('a map of frozen values takes a large base over after many reads: reads, journals and commits are unchanged, the base is never written, and base values are never owned or sealed', () => {
    type TakeoverOp =
      | { kind: 'get'; key: number }
      | { kind: 'set'; key: number; value: number }
      | { kind: 'delete'; key: number }
      | { kind: 'write-owned'; key: number }
      | { kind: 'commit' }
      | { kind: 'checkpoint' }
      | { kind: 'rollback' };
    const k = fc.integer({ min: 0, max: 79 });
    const takeoverOp: fc.Arbitrary<TakeoverOp> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('get' as const), key: k }), weight: 8 },
      { arbitrary: fc.record({ kind: fc.constant('set' as const), key: k, value: fc.integer() }), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constant('delete' as const), key: k }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant('write-owned' as const), key: k }), weight: 2 },
      { arbitrary: fc.constant({ kind: 'commit' } as const), weight: 1 },
      { arbitrary: fc.constant({ kind: 'checkpoint' } as const), weight: 1 },
      { arbitrary: fc.constant({ kind: 'rollback' } as const), weight: 1 },
    );
    fc.assert(
      fc.property(
        fc.uniqueArray(k, { minLength: 32, maxLength: 64 }),
        fc.boolean(),
        fc.array(takeoverOp, { minLength: 20, maxLength: 120 }),
        (initial, asTable, ops) => {
          const start = new Map<string, { n: number }>(initial.map((n) => [`k${n}`, Object.freeze({ n })]));
          let base: PersistentMap<{ n: number }> = emptyMap();
          if (asTable) base = adoptTable(new Map(start));
          else for (const [key, value] of start) base = setEntry(base, key, value);
          const frozenBase = new Map(mapEntries(base));
          const journal = newJournal();
          const overlay = new OverlayMap<{ n: number }>(base, journal, { frozenValues: true });
          const m: Modelled = { model: new Map([...start].map(([key, { n }]) => [key, n])), saved: null };
          const sealed = new Set<{ n: number }>();
          for (const step of ops) {
            if (step.kind === 'get') {
              const key = `k${step.key}`;
              const value = overlay.get(key);
              expect(value?.n).toBe(m.model.get(key));
              // A value the map holds from its base is never its own to change in place.
              if (value !== undefined && Object.isFrozen(value)) expect(overlay.lastOwned).toBe(false);
              if (value !== undefined) expect(overlay.owns(key, value)).toBe(overlay.lastOwned);
            } else if (step.kind === 'set') {
              overlay.set(`k${step.key}`, { n: step.value });
              m.model.set(`k${step.key}`, step.value);
            } else if (step.kind === 'delete') {
              overlay.delete(`k${step.key}`);
              m.model.delete(`k${step.key}`);
            } else if (step.kind === 'write-owned') {
              // What a draft does: change in place what it owns, else store a copy.
              const key = `k${step.key}`;
              const value = overlay.get(key);
              if (value === undefined) continue;
              if (journal.entries === null && overlay.owns(key, value)) value.n += 1;
              else overlay.set(key, { n: value.n + 1 });
              m.model.set(key, value.n + (overlay.get(key) === value ? 0 : 1));
            } else if (step.kind === 'commit' && journal.entries === null) {
              const committed = overlay.commit(newEdit(), (value) => {
                expect(Object.isFrozen(value)).toBe(false);
                sealed.add(value);
                Object.freeze(value);
              });
              expect(new Map([...mapEntries(committed)].map(([key, v]) => [key, v.n]))).toEqual(m.model);
              for (const value of frozenBase.values()) expect(sealed.has(value)).toBe(false);
            } else journalStep(journal, m, step.kind);
          }
          for (let n = 0; n < 80; n++) expect(overlay.get(`k${n}`)?.n).toBe(m.model.get(`k${n}`));
          expect(new Map(mapEntries(base))).toEqual(frozenBase);
          for (const [key, value] of frozenBase) expect(value).toBe(start.get(key));
        },
      ),
    );
  });
});
