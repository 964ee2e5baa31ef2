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
import { DEFAULT_HASH_SEED, hashSeedOf } from '../../src/collections/hash-seed';
import { IdAppender, idHashMapOfTable, type IdTable, idTableOf } from '../../src/collections/id-hash-map';

/** A body digest standing for the number `n` (distinct numbers, distinct digests). */
const d = (n: number): BodyDigest => bodyDigest({ n });

// Short ids collide often; wide (non-Latin-1) and empty ids take the other storage path.
const id = fc.oneof(
  fc.constantFrom('', 'e1', 'e10', 'e1\u0000', 'é', 'ü1', '\u4e2d', '__proto__', 'constructor'),
  fc.string({ maxLength: 4 }),
  fc.string({ unit: 'binary', maxLength: 3 }),
);

/** Adds `id` to version `from` of the map, as the ledger does: only if that version has not seen it. */
interface Step {
  readonly from: number;
  readonly id: string;
  readonly bodyHash: number;
}

const step: fc.Arbitrary<Step> = fc.record({ from: fc.nat(), id, bodyHash: fc.maxSafeNat() });

describe('setIdHash', () => {
  test(`R-L5: every version answers like its own Map, however versions branch`, () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 150 }), fc.boolean(), (steps, inOneBatch) => {
        // Within one batch (an edit token, as in a replay) only the newest version is written on.
        const edit = inOneBatch ? newEdit() : null;
        const versions: IdHashMap[] = [emptyIdHashMap()];
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
  test('R-L5: appenders started on any versions answer like their own Map, and every map() they hand out stays as it was', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 150 }), fc.nat(), (steps, cut) => {
        // Versions made with setIdHash; appenders started on some of them (branches: their store's tip may be taken).
        // A version handed out (an appender's start, a map()) ends the batch that wrote it, as a draft's snapshot does.
        let edit = newEdit();
        const handOut = (): void => {
          retireEdit(edit);
          edit = newEdit();
        };
        let trunk = emptyIdHashMap();
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

describe('idHashMapOfTable', () => {
  /** A copy of what idTableOf lays bare (the builder takes its arrays over). */
  const tableCopy = (map: IdHashMap): IdTable => {
    const { table } = idTableOf(map);
    return { ...table, chars: table.chars.slice(), starts: table.starts.slice(), digests: table.digests.slice() };
  };

  test('R-L5: a table rebuilt from the arrays of another answers every id as it does, and grows on', () => {
    fc.assert(
      fc.property(fc.uniqueArray(id, { maxLength: 120 }), fc.integer(), fc.integer(), (ids, k0, k1) => {
        const seed = hashSeedOf(k0, k1);
        let map = emptyIdHashMap(seed);
        ids.forEach((key, i) => (map = setIdHash(map, key, d(i))));
        const rebuilt = idHashMapOfTable(seed, tableCopy(map));
        expect(rebuilt.size).toBe(ids.length);
        ids.forEach((key, i) => expect(getIdHash(rebuilt, key)).toBe(d(i)));
        expect(getIdHash(rebuilt, 'never-added')).toBeUndefined();
        const grown = setIdHash(rebuilt, 'never-added', d(-1));
        expect([getIdHash(grown, 'never-added'), grown.size, getIdHash(rebuilt, 'never-added')]).toEqual([
          d(-1),
          ids.length + 1,
          undefined,
        ]);
        const listed: string[] = [];
        forEachIdHash(rebuilt, (key) => listed.push(key));
        expect(listed).toEqual(ids);
      }),
    );
  });

  test('idTableOf lists a branch’s own ids apart from the shared store', () => {
    const base = setIdHash(setIdHash(emptyIdHashMap(), 'e1', d(1)), 'e2', d(2));
    setIdHash(base, 'e3', d(3));
    const branch = setIdHash(base, 'e4', d(4));
    const { table, rest } = idTableOf(branch);
    expect([table.count, rest]).toEqual([2, [['e4', d(4)]]]);
  });

  test('refuses a table holding one id twice, naming it', () => {
    const map = setIdHash(setIdHash(emptyIdHashMap(), 'e1', d(1)), 'e2', d(2));
    const table = tableCopy(map);
    const twice: IdTable = { ...table, chars: new Uint8Array([0x65, 0x31, 0x65, 0x31]) };
    expect(() => idHashMapOfTable(DEFAULT_HASH_SEED, twice)).toThrow('event id e1 twice');
    const wide: IdTable = {
      ...table,
      chars: new Uint8Array(0),
      starts: new Uint32Array(3),
      wide: new Map([
        [0, '\u4e2d'],
        [1, '\u4e2d'],
      ]),
    };
    expect(() => idHashMapOfTable(DEFAULT_HASH_SEED, wide)).toThrow('event id \u4e2d twice');
  });
});
