import fc from 'fast-check';
import { type IdHashMap } from '../../src/index';
import {
  bodyDigest,
  type BodyDigest,
  emptyIdHashMap,
  forEachIdHash,
  getIdHash,
  newEdit,
  retireEdit,
  setIdHash,
} from '../../src/internal';
import { DEFAULT_HASH_SEED, type HashSeed, hashSeedOf } from '../../src/collections/hash-seed';
import { digestFromWords } from '../../src/ledger/body-digest';
import {
  emptyIdHashMapPaged,
  ID_NEW,
  ID_OTHER_BODY,
  ID_SAME_BODY,
  IdAppender,
  idTableBytes,
  IdTableBuilder,
  idTableEntryIs,
  idTableOf,
  idTablePages,
  idTableProbes,
} from '../../src/collections/id-hash-map';

/** A body digest standing for the number `n` (distinct numbers, distinct digests). */
const d = (n: number): BodyDigest => bodyDigest({ n });

// Short ids collide often; wide (non-Latin-1) and empty ids take the other storage path, and so do ids
// longer than a page of characters (in the layouts of small pages); ids of 255 characters or more keep
// their length aside (one byte holds the others'); ids that share a prefix (sequential ones, ids that are a
// prefix of another, prefixes longer than the 255 characters an entry may share) exercise front coding.
const id = fc.oneof(
  {
    arbitrary: fc
      .tuple(fc.constantFrom('e', 'e1', 'evt-00', 'x'.repeat(254), 'x'.repeat(300)), fc.string({ maxLength: 2 }))
      .map(([prefix, rest]) => prefix + rest),
    weight: 4,
  },
  {
    arbitrary: fc.constantFrom('', 'e1', 'e10', 'e1\u0000', 'é', 'ü1', '\u4e2d', '__proto__', 'constructor'),
    weight: 4,
  },
  { arbitrary: fc.string({ maxLength: 4 }), weight: 4 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 3 }), weight: 4 },
  {
    arbitrary: fc.constantFrom('x'.repeat(254), 'x'.repeat(255), 'x'.repeat(256), 'y'.repeat(255), 'x'.repeat(700)),
    weight: 1,
  },
);

/** Adds `id` to version `from` of the map, as the ledger does: only if that version has not seen it. */
interface Step {
  readonly from: number;
  readonly id: string;
  readonly bodyHash: number;
}

const step: fc.Arbitrary<Step> = fc.record({ from: fc.nat(), id, bodyHash: fc.maxSafeNat() });

/**
 * Layouts: the table's own; pages of 4 entries and 8 characters (every few ids cross a page); pages of 8
 * entries in blocks of 2 and of 512 characters (blocks inside pages; ids of 255 characters or more inside a
 * block, and crossing pages of characters).
 */
const layouts = [
  { name: 'whole pages', empty: emptyIdHashMap, builder: (seed: HashSeed) => new IdTableBuilder(seed) },
  {
    name: 'pages of 4 ids and 8 characters',
    empty: (seed: HashSeed) => emptyIdHashMapPaged(seed, 2, 3),
    builder: (seed: HashSeed) => new IdTableBuilder(seed, 2, 3),
  },
  {
    name: 'pages of 8 ids in blocks of 2, and of 512 characters',
    empty: (seed: HashSeed) => emptyIdHashMapPaged(seed, 3, 9, 1),
    builder: (seed: HashSeed) => new IdTableBuilder(seed, 3, 9, 1),
  },
  {
    name: 'pages of 4 ids and 8 characters, ids placed in the order of their first slots',
    empty: (seed: HashSeed) => emptyIdHashMapPaged(seed, 2, 3),
    builder: (seed: HashSeed) => new IdTableBuilder(seed, 2, 3, 5, 0),
  },
];

describe('setIdHash', () => {
  test.each(layouts)(`R-L5: every version answers like its own Map, however versions branch ($name)`, ({ empty }) => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 150 }), fc.boolean(), (steps, inOneBatch) => {
        // Within one batch (an edit token, as in a replay) only the newest version is written on.
        const edit = inOneBatch ? newEdit() : null;
        const versions: IdHashMap[] = [empty(DEFAULT_HASH_SEED)];
        const models: Map<string, number>[] = [new Map<string, number>()];
        for (const s of steps) {
          const k = inOneBatch ? versions.length - 1 : s.from % versions.length;
          const model = models[k] as Map<string, number>;
          if (model.has(s.id)) continue;
          versions.push(setIdHash(versions[k] as IdHashMap, s.id, d(s.bodyHash), edit));
          models.push(new Map(model).set(s.id, s.bodyHash));
        }
        const ids = new Set(steps.map((s) => s.id));
        versions.forEach((version, k) => {
          const model = models[k] as Map<string, number>;
          expect(version.size).toBe(model.size);
          for (const candidate of ids)
            expect(getIdHash(version, candidate)).toBe(
              model.has(candidate) ? d(model.get(candidate) as number) : undefined,
            );
        });
      }),
    );
  });

  test('R-L5: a later version never changes what an earlier one holds', () => {
    const base = setIdHash(emptyIdHashMap(), 'e1', d(1));
    const later = setIdHash(base, 'e2', d(2));
    const branch = setIdHash(base, 'e2', d(3));
    expect([getIdHash(base, 'e2'), getIdHash(later, 'e2'), getIdHash(branch, 'e2')]).toEqual([undefined, d(2), d(3)]);
    expect([base.size, later.size, branch.size]).toEqual([1, 2, 2]);
  });

  test('keeps body digests exactly, and ids that differ only past a shared prefix apart', () => {
    let map = emptyIdHashMap();
    map = setIdHash(map, 'evt-1', d(Number.MAX_SAFE_INTEGER));
    map = setIdHash(map, 'evt-10', d(0));
    map = setIdHash(map, 'evt-\u00ff', d(7));
    map = setIdHash(map, 'evt-\u0100', d(8));
    expect([
      getIdHash(map, 'evt-1'),
      getIdHash(map, 'evt-10'),
      getIdHash(map, 'evt-\u00ff'),
      getIdHash(map, 'evt-\u0100'),
      getIdHash(map, 'evt-'),
    ]).toEqual([d(Number.MAX_SAFE_INTEGER), d(0), d(7), d(8), undefined]);
  });

  test('grows past its first capacity (entries, characters and slots) without losing an id', () => {
    let map = emptyIdHashMap();
    const count = 50_000;
    for (let i = 0; i < count; i++) map = setIdHash(map, `event-${i}-${'x'.repeat(i % 40)}`, d(i));
    expect(map.size).toBe(count);
    for (let i = 0; i < count; i += 997) expect(getIdHash(map, `event-${i}-${'x'.repeat(i % 40)}`)).toBe(d(i));
    expect(getIdHash(map, `event-${count}-`)).toBeUndefined();
  });

  test('a branch that grows large gets a store of its own, still exact on both sides', () => {
    let trunk = emptyIdHashMap();
    for (let i = 0; i < 5_000; i++) trunk = setIdHash(trunk, `t${i}`, d(i));
    const tip = setIdHash(trunk, 'tip-only', d(-1));
    let branch = trunk;
    // Past 4 096 ids and a quarter of the trunk, the branch's overlay is folded.
    for (let i = 0; i < 6_000; i++) branch = setIdHash(branch, `b${i}`, d(i));
    branch = setIdHash(branch, 'after-fold', d(42));
    expect(branch.size).toBe(11_001);
    expect([
      getIdHash(branch, 't4999'),
      getIdHash(branch, 'b5999'),
      getIdHash(branch, 'after-fold'),
      getIdHash(branch, 'tip-only'),
    ]).toEqual([d(4999), d(5999), d(42), undefined]);
    expect([getIdHash(tip, 'tip-only'), getIdHash(tip, 'b0'), tip.size]).toEqual([d(-1), undefined, 5_001]);
  });
});

describe('IdAppender', () => {
  test.each(layouts)(
    'R-L5: appenders started on any versions answer like their own Map, and every map() they hand out stays as it was ($name)',
    ({ empty }) => {
      fc.assert(
        fc.property(fc.array(step, { maxLength: 150 }), fc.nat(), (steps, cut) => {
          // Versions made with setIdHash; appenders started on some of them (branches: their store's tip may be taken).
          // A version handed out (an appender's start, a map()) ends the batch that wrote it, as a draft's snapshot does.
          let edit = newEdit();
          const handOut = (): void => {
            retireEdit(edit);
            edit = newEdit();
          };
          let trunk = empty(DEFAULT_HASH_SEED);
          const trunkModel = new Map<string, number>();
          const appenders: { appender: IdAppender; model: Map<string, number> }[] = [];
          const handedOut: { map: IdHashMap; model: Map<string, number> }[] = [];
          steps.forEach((s, i) => {
            if (i === cut % (steps.length + 1) || s.from % 7 === 0) {
              handOut();
              appenders.push({ appender: new IdAppender(trunk), model: new Map(trunkModel) });
            }
            const target = appenders.length === 0 ? undefined : appenders[s.from % appenders.length];
            if (target === undefined || s.from % 3 === 0) {
              if (trunkModel.has(s.id)) return;
              trunk = setIdHash(trunk, s.id, d(s.bodyHash), edit);
              trunkModel.set(s.id, s.bodyHash);
              return;
            }
            const { appender, model } = target;
            expect(appender.get(s.id)).toBe(model.has(s.id) ? d(model.get(s.id) as number) : undefined);
            if (model.has(s.id)) return;
            appender.add(s.id, d(s.bodyHash), edit);
            model.set(s.id, s.bodyHash);
            if (s.bodyHash % 4 === 0) {
              handOut();
              handedOut.push({ map: appender.map(), model: new Map(model) });
            }
          });
          const ids = new Set(steps.map((s) => s.id));
          for (const { appender, model } of appenders) {
            expect(appender.size).toBe(model.size);
            handedOut.push({ map: appender.map(), model });
          }
          for (const { map, model } of handedOut) {
            expect(map.size).toBe(model.size);
            for (const candidate of ids)
              expect(getIdHash(map, candidate)).toBe(
                model.has(candidate) ? d(model.get(candidate) as number) : undefined,
              );
          }
        }),
      );
    },
  );

  test('get-or-insert in one probe: an add right after its get takes the slot the get ended at', () => {
    const appender = new IdAppender(emptyIdHashMap());
    const sizes = [32];
    for (let i = 0; i < 1200; i++) {
      expect(appender.get(`e${i}`)).toBeUndefined();
      const probed = idTableProbes();
      const slots = idTableBytes(appender.map()).slotCount;
      appender.add(`e${i}`, d(i));
      const grown = idTableBytes(appender.map()).slotCount;
      // Only an add that grows the slots (or the very first, with nothing to look up) probes again.
      if (grown !== slots) sizes.push(grown);
      else if (i > 0) expect(idTableProbes()).toBe(probed);
    }
    // Never twice as many slots at once: a power of two or one and a half times one.
    expect(sizes).toEqual([32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048]);
    for (let i = 0; i < 1200; i++) expect(appender.get(`e${i}`)).toBe(d(i));
  });

  test('R-L5: an add after another id was placed, or after the slots grew, since its get probes again', () => {
    const appender = new IdAppender(emptyIdHashMap());
    for (let i = 0; i < 21; i++) appender.add(`e${i}`, d(i));
    // 21 ids in 32 slots (room for 22): `late` is looked up, `other` takes the 22nd place, then `late` is
    // added past the growth threshold; a get whose slot another id took since must not reuse it.
    expect([appender.get('late'), appender.get('other')]).toEqual([undefined, undefined]);
    appender.add('other', d(-1));
    appender.add('late', d(-2));
    expect(idTableBytes(appender.map()).slotCount).toBe(48);
    expect(appender.get('missing')).toBeUndefined();
    const twin = new IdAppender(appender.map());
    twin.add('missing', d(-3));
    appender.add('missing', d(-4));
    for (let i = 0; i < 21; i++) expect(appender.get(`e${i}`)).toBe(d(i));
    expect([appender.get('other'), appender.get('late'), appender.get('missing'), twin.get('missing')]).toEqual([
      d(-1),
      d(-2),
      d(-4),
      d(-3),
    ]);
  });

  test('R-L5: map() is the same version until the next add', () => {
    const appender = new IdAppender(emptyIdHashMap());
    appender.add('e1', d(1));
    const first = appender.map();
    expect(appender.map()).toBe(first);
    appender.add('e2', d(2));
    expect(appender.map()).not.toBe(first);
    expect([getIdHash(first, 'e2'), getIdHash(appender.map(), 'e2'), first.size]).toEqual([undefined, d(2), 1]);
  });
});

describe('IdAppender (digests as words)', () => {
  // Five bodies, so that ids come back with the same body (a repeat) or another (R-L5): a first one, and four
  // that each differ from it in one code unit of one word (any word, high or low half; top bits set too).
  const word = fc.constantFrom(0, 1, -1, 0x7fffffff, -0x80000000, 0x12345678, -0x789abcdf);
  const flip = fc.constantFrom(1, 0x8000, 0x10000, 0x80000000);
  const bodiesOf = fc
    .tuple(fc.tuple(word, word, word, word), fc.tuple(flip, flip, flip, flip))
    .map(([base, flips]) => [
      Int32Array.from(base),
      ...flips.map((bit, k) => Int32Array.from(base, (w, i) => (i === k ? w ^ bit : w))),
    ]);
  const wordStep = fc.record({ id, body: fc.nat(4), branch: fc.nat(9) });

  test.each(layouts)(
    'R-L5: check and addWords give what get and add of the digest string give: new, the same body, another body ($name)',
    ({ empty }) => {
      fc.assert(
        fc.property(bodiesOf, fc.array(wordStep, { maxLength: 150 }), (bodies, steps) => {
          // Two appenders fed alike, one by strings and one by words; branches (an appender started on a handed-out
          // version whose store tip another appender takes) send adds to the overlay, where words become a string.
          let byString = new IdAppender(empty(DEFAULT_HASH_SEED));
          let byWords = new IdAppender(empty(DEFAULT_HASH_SEED));
          let edit = newEdit();
          for (const { id: eventId, body, branch } of steps) {
            const digest = bodies[body] as Int32Array;
            const text = digestFromWords(digest[0] ?? 0, digest[1] ?? 0, digest[2] ?? 0, digest[3] ?? 0);
            const seen = byString.get(eventId);
            const expected = seen === undefined ? ID_NEW : seen === text ? ID_SAME_BODY : ID_OTHER_BODY;
            expect(byWords.check(eventId, digest)).toBe(expected);
            if (seen === undefined) {
              byString.add(eventId, text, edit);
              byWords.addWords(eventId, digest, edit);
            }
            if (branch === 0) {
              retireEdit(edit);
              edit = newEdit();
              const [a, b] = [byString.map(), byWords.map()];
              // The first branch takes the store's tip: the appenders kept go on in their overlays.
              new IdAppender(a).add(`${eventId}!tip`, text);
              new IdAppender(b).addWords(`${eventId}!tip`, digest);
              byString = new IdAppender(a);
              byWords = new IdAppender(b);
            }
          }
          expect(byWords.size).toBe(byString.size);
          const held = new Map<string, BodyDigest>();
          forEachIdHash(byString.map(), (key, digest) => held.set(key, digest));
          const heldByWords = new Map<string, BodyDigest>();
          forEachIdHash(byWords.map(), (key, digest) => heldByWords.set(key, digest));
          expect(heldByWords).toEqual(held);
        }),
      );
    },
  );
});

describe('IdAppender (reserve)', () => {
  const slotCount = (appender: IdAppender): number => idTableBytes(appender.map()).slotCount;

  test('room for n more ids: the slots grow once, to the size they would have reached, and not again until past n', () => {
    const appender = new IdAppender(emptyIdHashMap());
    for (let i = 0; i < 10; i++) appender.add(`e${i}`, d(i));
    appender.reserve(1190);
    // 1 200 ids: 2 048 slots (1 536 take 1 075 at 70 %, 2 048 take 1 433), as adding them one by one reaches.
    expect(slotCount(appender)).toBe(2048);
    for (let i = 0; i < 10; i++) expect(appender.get(`e${i}`)).toBe(d(i));
    for (let i = 10; i < 1433; i++) appender.add(`e${i}`, d(i));
    expect(slotCount(appender)).toBe(2048);
    appender.add('e1433', d(1433));
    expect(slotCount(appender)).toBe(3072);
    for (let i = 0; i <= 1433; i++) expect(appender.get(`e${i}`)).toBe(d(i));
    // Less than it holds already, or nothing: no change.
    appender.reserve(0);
    appender.reserve(-5);
    expect(slotCount(appender)).toBe(3072);
  });

  test('an appender off the store tip (its ids go to its overlay) makes no room in the store', () => {
    const start = new IdAppender(emptyIdHashMap());
    start.add('a', d(1));
    const base = start.map();
    new IdAppender(base).add('tip', d(2));
    const branch = new IdAppender(base);
    branch.reserve(100_000);
    expect(slotCount(branch)).toBe(32);
  });

  test('more room than the table can hold is refused before any is taken', () => {
    const appender = new IdAppender(emptyIdHashMap());
    expect(() => appender.reserve(800_000_000)).toThrow(RangeError);
    expect(() => appender.reserve(Number.MAX_SAFE_INTEGER)).toThrow(/750 million/);
    expect(slotCount(appender)).toBe(32);
  });

  test.each(layouts)(
    'R-L5: room made at any point, on the tip or off it, changes no answer: each appender answers like its own Map ($name)',
    ({ empty }) => {
      fc.assert(
        fc.property(
          fc.array(fc.record({ id, bodyHash: fc.nat(), reserve: fc.nat(300), branch: fc.nat(12) }), { maxLength: 120 }),
          (steps) => {
            let appender = new IdAppender(empty(DEFAULT_HASH_SEED));
            const model = new Map<string, number>();
            for (const { id: eventId, bodyHash, reserve, branch } of steps) {
              if (reserve % 5 === 0) appender.reserve(reserve);
              expect(appender.get(eventId)).toBe(model.has(eventId) ? d(model.get(eventId) as number) : undefined);
              if (!model.has(eventId)) {
                appender.add(eventId, d(bodyHash));
                model.set(eventId, bodyHash);
              }
              if (branch === 0) {
                // Another appender takes the store's tip: this one goes on in its overlay.
                const map = appender.map();
                new IdAppender(map).add(`${eventId}!tip`, d(-1));
                appender = new IdAppender(map);
              }
            }
            expect(appender.size).toBe(model.size);
            for (const [key, bodyHash] of model) expect(appender.get(key)).toBe(d(bodyHash));
            forEachIdHash(appender.map(), (key, digest) => expect(digest).toBe(d(model.get(key) as number)));
          },
        ),
      );
    },
  );
});

describe('IdAppender.readAhead', () => {
  test.each(layouts)(
    'R-L5: ids hashed ahead, in any order, some never looked up, others looked up without, change no answer: each appender answers like its own Map, and its table like a fresh lookup ($name)',
    ({ empty }) => {
      fc.assert(
        fc.property(
          fc.nat(),
          fc.nat(),
          // Windows of lookups; each reads ahead a sample of ids (its own, others, in another order), as a
          // replay does for the entries the decoders made and not for the others.
          fc.array(
            fc.record({
              lookups: fc.array(fc.record({ id, bodyHash: fc.nat(3) }), { maxLength: 12 }),
              ahead: fc.array(fc.oneof(fc.nat(11), id), { maxLength: 14 }),
              branch: fc.nat(6),
            }),
            { maxLength: 25 },
          ),
          (k0, k1, windows) => {
            const seed = hashSeedOf(k0, k1);
            let appender = new IdAppender(empty(seed));
            const model = new Map<string, number>();
            for (const { lookups, ahead, branch } of windows) {
              const ids = ahead.map((a) => (typeof a === 'number' ? (lookups[a]?.id ?? `e${a}`) : a));
              appender.readAhead(ids, ids.length);
              for (const { id: eventId, bodyHash } of lookups) {
                const words = Int32Array.of(bodyHash, 0, 0, 0);
                const held = model.get(eventId);
                expect(appender.check(eventId, words)).toBe(
                  held === undefined ? ID_NEW : held === bodyHash ? ID_SAME_BODY : ID_OTHER_BODY,
                );
                if (held === undefined) {
                  appender.addWords(eventId, words);
                  model.set(eventId, bodyHash);
                }
              }
              if (branch === 0) {
                // Another appender takes the store's tip: this one goes on in its overlay.
                const map = appender.map();
                new IdAppender(map).add('!tip', d(-1));
                appender = new IdAppender(map);
              }
            }
            expect(appender.size).toBe(model.size);
            const map = appender.map();
            for (const [key, bodyHash] of model) expect(getIdHash(map, key)).toBe(digestFromWords(bodyHash, 0, 0, 0));
          },
        ),
      );
    },
  );
});

describe('getIdHash', () => {
  test('an empty map holds nothing, not even inherited object keys', () => {
    expect(['', '__proto__', 'constructor', 'toString'].map((key) => getIdHash(emptyIdHashMap(), key))).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('emptyIdHashMap', () => {
  test('each empty map is independent: adding to one is not seen by another', () => {
    const a = emptyIdHashMap();
    const b = emptyIdHashMap();
    setIdHash(a, 'e1', d(1));
    expect([getIdHash(b, 'e1'), b.size]).toEqual([undefined, 0]);
  });
});

describe('IdTableBuilder', () => {
  /** What idTableOf lays bare, given to a builder as a snapshot reader does: lengths and characters, or ids. */
  const rebuilt = (map: IdHashMap, builder: IdTableBuilder, byLength: boolean): IdHashMap => {
    const { table } = idTableOf(map);
    if (byLength) {
      // Ids kept as strings (longer than a page) are given by length too; their characters among the others'.
      const parts: number[] = [];
      let from = 0;
      const chars = concat(table.chars);
      for (let e = 0; e < table.count; e++) {
        const wide = table.wide.get(e);
        const length = wide?.length ?? table.lengthOf(e);
        builder.length(length);
        if (wide !== undefined) for (let k = 0; k < wide.length; k++) parts.push(wide.charCodeAt(k));
        else for (let k = 0; k < length; k++) parts.push(chars[from + k] as number);
        from += wide === undefined ? length : 0;
      }
      expect(from).toBe(chars.length);
      builder.chars(Uint8Array.from(parts));
    } else for (let e = 0; e < table.count; e++) builder.id(table.idOf(e));
    const digests = table.digests.map((page) => new Uint8Array(page.buffer, page.byteOffset, page.byteLength));
    builder.digests(concat(digests));
    return builder.build();
  };

  const concat = (pages: readonly Uint8Array[]): Uint8Array => {
    const all = new Uint8Array(pages.reduce((n, page) => n + page.length, 0));
    let at = 0;
    for (const page of pages) {
      all.set(page, at);
      at += page.length;
    }
    return all;
  };

  describe.each(layouts)('$name', ({ empty, builder }) => {
    test('R-L5: a table rebuilt from what idTableOf lays bare of a version answers every id as it does, and grows on', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(id, { maxLength: 120 }),
          fc.nat(),
          fc.integer(),
          fc.integer(),
          (ids, cut, k0, k1) => {
            const seed = hashSeedOf(k0, k1);
            // A version older than the store's newest entries (which may sit on later pages) is what is laid bare.
            const held = ids.slice(0, cut % (ids.length + 1));
            let map = empty(seed);
            held.forEach((key, i) => (map = setIdHash(map, key, d(i))));
            let newer = map;
            ids.slice(held.length).forEach((key, i) => (newer = setIdHash(newer, key, d(-i))));
            const byLength = held.every(latin1Only);
            for (const again of byLength ? [true, false] : [false]) {
              const back = rebuilt(map, builder(seed), again);
              expect(back.size).toBe(held.length);
              held.forEach((key, i) => expect(getIdHash(back, key)).toBe(d(i)));
              expect(getIdHash(back, 'never-added')).toBeUndefined();
              const grown = setIdHash(back, 'never-added', d(-1));
              expect([getIdHash(grown, 'never-added'), grown.size, getIdHash(back, 'never-added')]).toEqual([
                d(-1),
                held.length + 1,
                undefined,
              ]);
              const listed: string[] = [];
              forEachIdHash(back, (key) => listed.push(key));
              expect(listed).toEqual(held);
            }
          },
        ),
      );
    });
  });

  test.each([
    ['in entry order', 2 ** 30],
    ['in the order of their first slots', 0],
  ])(
    'R-L5: a table read back in runs of 16 pages of ids (hashed, then placed %s) finds every id of every run',
    (_, sortedSlots) => {
      // Pages of 4 ids and 8 characters: runs of 64 ids; 300 ids of 2 to 6 characters cross pages of both.
      let map = emptyIdHashMapPaged(DEFAULT_HASH_SEED, 2, 3);
      const ids = Array.from({ length: 300 }, (_, i) => `${'x'.repeat(i % 3)}${i}`);
      ids.forEach((key, i) => (map = setIdHash(map, key, d(i))));
      const back = rebuilt(map, new IdTableBuilder(DEFAULT_HASH_SEED, 2, 3, 5, sortedSlots), true);
      ids.forEach((key, i) => expect(getIdHash(back, key)).toBe(d(i)));
      expect([back.size, getIdHash(back, 'x300'), getIdHash(back, 'xx1')]).toEqual([300, undefined, undefined]);
    },
  );

  test('idTableOf lists a branch’s own ids apart from the shared store', () => {
    const base = setIdHash(setIdHash(emptyIdHashMap(), 'e1', d(1)), 'e2', d(2));
    setIdHash(base, 'e3', d(3));
    const branch = setIdHash(base, 'e4', d(4));
    const { table, rest } = idTableOf(branch);
    expect([table.count, rest]).toEqual([2, [['e4', d(4)]]]);
  });

  test('refuses a table holding one id twice, naming it', () => {
    const twice = new IdTableBuilder(DEFAULT_HASH_SEED);
    twice.length(2);
    twice.length(2);
    twice.chars(new Uint8Array([0x65, 0x31, 0x65, 0x31]));
    twice.digests(new Uint8Array(32));
    expect(() => twice.build()).toThrow('event id e1 twice');
    // Placed in the order of their first slots, among other ids: the twice-given one between them.
    const sorted = new IdTableBuilder(DEFAULT_HASH_SEED, 2, 3, 5, 0);
    const ids = ['e1', 'e2', 'e3', 'e2', 'e4'];
    for (const key of ids) sorted.length(key.length);
    sorted.chars(Uint8Array.from(ids.join(''), (c) => c.charCodeAt(0)));
    sorted.digests(new Uint8Array(16 * ids.length));
    expect(() => sorted.build()).toThrow('event id e2 twice');
    const wide = new IdTableBuilder(DEFAULT_HASH_SEED);
    wide.id('\u4e2d');
    wide.id('\u4e2d');
    wide.digests(new Uint8Array(32));
    expect(() => wide.build()).toThrow('event id \u4e2d twice');
  });
});

describe('pages', () => {
  /** The characters the pages keep, page by page, as text. */
  const pagesOf = (map: IdHashMap): string[] => idTablePages(map).map((page) => String.fromCharCode(...page));

  test('an id that does not fit in the rest of a page of characters starts the next one; one longer than a page is kept whole', () => {
    // Pages of 8 characters.
    let map = emptyIdHashMapPaged(DEFAULT_HASH_SEED, 2, 3);
    const ids = ['abcde', 'fghi', 'jkll', '', 'mnopqrst', 'u', 'vwxyz0123', '4567', '\u4e2d', '89'];
    ids.forEach((key, i) => (map = setIdHash(map, key, d(i))));
    // 'fghi' would straddle the first page's end; 'jkll' fills the second exactly; 'vwxyz0123' is longer than a page.
    expect(pagesOf(map)).toEqual(['abcde', 'fghijkll', 'mnopqrst', 'u456789']);
    const { table } = idTableOf(map);
    expect(ids.map((_, e) => table.lengthOf(e))).toEqual([5, 4, 4, 0, 8, 1, 0, 4, 0, 2]);
    expect([...table.wide]).toEqual([
      [6, 'vwxyz0123'],
      [8, '\u4e2d'],
    ]);
    ids.forEach((key, i) => expect(getIdHash(map, key)).toBe(d(i)));
    for (const other of ['abcd', 'abcdef', 'fghij', 'ghi', 'vwxyz012', 'vwxyz01234', '4567'.slice(1)])
      expect(getIdHash(map, other)).toBeUndefined();
  });

  test('an id of 255 characters or more keeps its length aside; the ids after it in its block start where it ends', () => {
    // Pages of 8 ids in blocks of 4, and of 512 characters.
    let map = emptyIdHashMapPaged(DEFAULT_HASH_SEED, 3, 9, 2);
    const [l300, m255, n254, o511, p512, q513] = [
      ['L', 300],
      ['M', 255],
      ['N', 254],
      ['O', 511],
      ['P', 512],
      ['Q', 513],
    ].map(([c, n]) => (c as string).repeat(n as number)) as [string, string, string, string, string, string];
    const ids = ['a', l300, 'b', m255, 'c', n254, 'd', o511, p512, q513, 'e'];
    ids.forEach((key, i) => (map = setIdHash(map, key, d(i))));
    // m255 would straddle the first page's end; p512 fills a page exactly; q513 is longer than a page.
    expect(pagesOf(map)).toEqual([`a${l300}b`, `${m255}c${n254}d`, o511, p512, 'e']);
    const { table } = idTableOf(map);
    expect(ids.map((_, e) => table.lengthOf(e))).toEqual([1, 300, 1, 255, 1, 254, 1, 511, 512, 0, 1]);
    expect([...table.wide]).toEqual([[9, q513]]);
    const lengths = new Uint32Array(16);
    expect([table.lengths(2, lengths), [...lengths.subarray(0, 9)]]).toEqual([9, [1, 255, 1, 254, 1, 511, 512, 0, 1]]);
    ids.forEach((key, i) => expect(getIdHash(map, key)).toBe(d(i)));
    for (const [c, n] of [
      ['L', 299],
      ['L', 301],
      ['M', 254],
      ['M', 256],
      ['N', 255],
      ['O', 512],
      ['P', 511],
      ['Q', 512],
    ])
      expect(getIdHash(map, (c as string).repeat(n as number))).toBeUndefined();
    const listed: string[] = [];
    forEachIdHash(map, (key) => listed.push(key));
    expect(listed).toEqual(ids);
  });

  test('R-L5: an id keeps only the characters past those it shares with the id before it in its block', () => {
    // Pages of 8 ids in blocks of 4, and of 512 characters.
    let map = emptyIdHashMapPaged(DEFAULT_HASH_SEED, 3, 9, 2);
    const ids = ['e1', 'e2', 'e10', 'e12', 'f', 'f1', 'e13'];
    ids.forEach((key, i) => (map = setIdHash(map, key, d(i))));
    // Block 1: e1, e2 (shares 'e'), e10 ('e'), e12 ('e1'); block 2 starts whole: f, f1 ('f'), e13 (nothing).
    expect(pagesOf(map)).toEqual(['e1' + '2' + '10' + '2' + 'f' + '1' + 'e13']);
    ids.forEach((key, i) => expect(getIdHash(map, key)).toBe(d(i)));
    for (const other of ['', 'e', 'e11', 'e13x', 'e123', 'f2', 'f1e', 'e0'])
      expect(getIdHash(map, other)).toBeUndefined();
    const listed: string[] = [];
    forEachIdHash(map, (key) => listed.push(key));
    expect(listed).toEqual(ids);
    // A snapshot is given every id whole.
    const { table } = idTableOf(map);
    expect(table.chars.map((chunk) => String.fromCharCode(...chunk)).join('')).toEqual(ids.join(''));
    expect(ids.map((_, e) => table.idOf(e))).toEqual(ids);
    expect(table.idOf(2)).toBe('e10');
  });

  test.each(layouts)(
    'R-L5: an entry is an id exactly when their characters are, front-coded or not ($name)',
    ({ empty }) => {
      fc.assert(
        fc.property(fc.uniqueArray(id, { maxLength: 60 }), fc.array(id, { maxLength: 20 }), (ids, others) => {
          let map = empty(DEFAULT_HASH_SEED);
          ids.forEach((key, i) => (map = setIdHash(map, key, d(i))));
          const candidates = [...ids, ...others];
          ids.forEach((key, e) => {
            for (const candidate of candidates) expect(idTableEntryIs(map, e, candidate)).toBe(candidate === key);
          });
        }),
      );
    },
  );

  test('R-L5: an entry that shares more with the one before than a lookup matched is not the id, whatever its page holds', () => {
    // abX whole, abY past 'ab': the page holds 'abXY'. aXY matches 'a' of abX; read past abY's shared part from
    // abX's characters it would seem to match abY.
    let map = emptyIdHashMap();
    for (const key of ['abX', 'abY']) map = setIdHash(map, key, d(1));
    expect(pagesOf(map)).toEqual(['abXY']);
    expect(['abX', 'abY', 'aXY', 'bXY', 'abXY'].map((key) => idTableEntryIs(map, 1, key))).toEqual([
      false,
      true,
      false,
      false,
      false,
    ]);
  });

  test('R-L5: an id shares at most 255 characters, and nothing with an id kept as a string', () => {
    // Pages of 8 ids in blocks of 4, and of 512 characters: 'x' × 600 is longer than a page.
    let map = emptyIdHashMapPaged(DEFAULT_HASH_SEED, 3, 9, 2);
    const ids = [300, 301, 600, 2, 3, 4].map((n) => 'x'.repeat(n));
    ids.forEach((key, i) => (map = setIdHash(map, key, d(i))));
    // Block 1: 300 whole, 301 − 255 past the shared ones, nothing for the string, 2 whole after it; block 2
    // starts whole (3), then 1 past the 3 shared.
    expect(pagesOf(map).join('').length).toBe(300 + 46 + 0 + 2 + 3 + 1);
    ids.forEach((key, i) => expect(getIdHash(map, key)).toBe(d(i)));
    for (const n of [1, 5, 255, 256, 299, 302, 599, 601]) expect(getIdHash(map, 'x'.repeat(n))).toBeUndefined();
    const back = new IdTableBuilder(DEFAULT_HASH_SEED, 3, 9, 2);
    for (const key of ids) back.length(key.length);
    back.chars(Uint8Array.from(ids.join(''), (c) => c.charCodeAt(0)));
    back.digests(new Uint8Array(ids.length * 16));
    const read = back.build();
    expect(pagesOf(read)).toEqual(pagesOf(map));
    expect(ids.map((key) => getIdHash(read, key) !== undefined)).toEqual(ids.map(() => true));
    const grown = setIdHash(read, 'x'.repeat(5), d(9));
    expect([getIdHash(grown, 'x'.repeat(5)), getIdHash(grown, 'x'.repeat(6)), getIdHash(read, 'x'.repeat(5))]).toEqual([
      d(9),
      undefined,
      undefined,
    ]);
  });

  test('a table read back front-codes the next id against the last one it read: at most 255 characters, none after a string', () => {
    // Pages of 8 ids in blocks of 4, and of 512 characters: 'y' × 600 is longer than a page (kept as a string).
    const readBack = (ids: readonly string[]): IdHashMap => {
      const back = new IdTableBuilder(DEFAULT_HASH_SEED, 3, 9, 2);
      for (const key of ids) back.length(key.length);
      back.chars(Uint8Array.from(ids.join(''), (c) => c.charCodeAt(0)));
      back.digests(new Uint8Array(ids.length * 16));
      return back.build();
    };
    const after = (ids: readonly string[], next: string): string =>
      pagesOf(setIdHash(readBack(ids), next, d(1))).join('');
    expect(after(['e1', 'e2', 'e3'], 'e4')).toBe('e1' + '2' + '3' + '4');
    expect(after(['e1', 'x'.repeat(300)], 'x'.repeat(301))).toBe('e1' + 'x'.repeat(300) + 'x'.repeat(301 - 255));
    expect(after(['e1', 'y'.repeat(600)], 'y'.repeat(3))).toBe('e1' + 'yyy');
    // Ids given as strings are front-coded as they come: the next one shares with the last.
    const given = new IdTableBuilder(DEFAULT_HASH_SEED, 3, 9, 2);
    for (const key of ['e1', 'e2', 'e3']) given.id(key);
    given.digests(new Uint8Array(3 * 16));
    expect(pagesOf(setIdHash(given.build(), 'e4', d(1))).join('')).toBe('e1' + '2' + '3' + '4');
  });

  test('a table read back holding exactly as many ids as its slots take gets the next size, and grows on from there', () => {
    const built = (count: number): IdHashMap => {
      const builder = new IdTableBuilder(DEFAULT_HASH_SEED);
      for (let i = 0; i < count; i++) builder.id(`e${i}`);
      builder.digests(new Uint8Array(count * 16).map((_, k) => k >> 4));
      return builder.build();
    };
    // 32 slots take 22 ids (70 %), 48 take 33, 64 take 44: a table read back keeps room for one more id.
    expect([21, 22, 23, 32, 33, 43, 44].map((count) => idTableBytes(built(count)).slotCount)).toEqual([
      32, 48, 48, 48, 64, 64, 96,
    ]);
    let map = built(22);
    const slotCounts: number[] = [];
    for (let i = 22; i < 45; i++) {
      map = setIdHash(map, `e${i}`, d(i));
      slotCounts.push(idTableBytes(map).slotCount);
    }
    // The 34th id is the first past 48 slots' 33, the 45th past 64 slots' 44.
    expect(slotCounts.indexOf(64)).toBe(33 - 22);
    expect(slotCounts.indexOf(96)).toBe(44 - 22);
    for (let i = 0; i < 22; i++) expect(getIdHash(map, `e${i}`)).toBe(bodyDigestOfIndex(i));
    for (let i = 22; i < 45; i++) expect(getIdHash(map, `e${i}`)).toBe(d(i));
    expect(getIdHash(map, 'e45')).toBeUndefined();
  });

  test('grows across pages of ids and of characters without copying them, and without losing an id', () => {
    let map = emptyIdHashMap();
    // 150 000 ids of 8 to 47 characters: three pages of ids, five of characters.
    const count = 150_000;
    const key = (i: number): string => `event-${i}-${'x'.repeat(i % 40)}`;
    let trunk = map;
    for (let i = 0; i < count; i++) {
      map = setIdHash(map, key(i), d(i));
      if (i === 65_535) trunk = map;
    }
    const { table } = idTableOf(map);
    expect([table.chars.length, table.digests.length]).toEqual([5, 3]);
    // Each page but the last is a whole one: pages were added, never grown.
    expect(table.digests.slice(0, 2).map((page) => page.length)).toEqual([2 ** 16 * 8, 2 ** 16 * 8]);
    expect(table.chars.slice(0, 4).every((page) => page.buffer.byteLength === 2 ** 20)).toBe(true);
    expect(map.size).toBe(count);
    for (let i = 0; i < count; i += 997) expect(getIdHash(map, key(i))).toBe(d(i));
    expect(getIdHash(map, key(65_535))).toBe(d(65_535));
    expect(getIdHash(map, key(65_536))).toBe(d(65_536));
    expect(getIdHash(map, `event-${count}-`)).toBeUndefined();
    // A version made when the first page of ids was full sees none of the later pages' ids.
    expect([trunk.size, getIdHash(trunk, key(65_535)), getIdHash(trunk, key(65_536))]).toEqual([
      65_536,
      d(65_535),
      undefined,
    ]);
  });

  test('R-L5: a version branched when a page of ids or of characters was full stays apart from the trunk', () => {
    // Pages of 4 ids and 8 characters: four ids of 2 characters that share no prefix fill both.
    let trunk = emptyIdHashMapPaged(DEFAULT_HASH_SEED, 2, 3);
    for (const key of ['a1', 'b2', 'c3', 'd4']) trunk = setIdHash(trunk, key, d(1));
    const tip = setIdHash(setIdHash(trunk, 'b1', d(2)), 'b2x', d(3));
    const branch = setIdHash(trunk, 'b1', d(4));
    expect([getIdHash(tip, 'b1'), getIdHash(tip, 'b2x'), tip.size]).toEqual([d(2), d(3), 6]);
    expect([getIdHash(branch, 'b1'), getIdHash(branch, 'b2x'), branch.size]).toEqual([d(4), undefined, 5]);
    expect([getIdHash(trunk, 'd4'), getIdHash(trunk, 'b1'), trunk.size]).toEqual([d(1), undefined, 4]);
    expect(pagesOf(trunk)).toEqual(['a1b2c3d4']);
    // b2x shares 'b' with b1.
    expect(pagesOf(tip)).toEqual(['a1b2c3d4', 'b12x']);
    // The branch is laid bare as the trunk plus its own id.
    expect(idTableOf(branch).rest).toEqual([['b1', d(4)]]);
  });
});

const latin1Only = (key: string): boolean => [...key].every((c) => c.charCodeAt(0) <= 0xff);

/** The digest `built` gives entry `i`: 16 bytes of `i & 0xff`, i.e. 8 code units of `(i & 0xff) * 0x101`. */
const bodyDigestOfIndex = (i: number): BodyDigest =>
  String.fromCharCode(...new Array<number>(8).fill((i & 0xff) * 0x101)) as BodyDigest;
