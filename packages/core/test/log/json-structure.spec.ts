import fc from 'fast-check';
import { echo, jsonStructureProblem, MAX_JSON_DEPTH } from '../../src/log/json-structure';

const nested = (depth: number, inner = '1'): string => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('jsonStructureProblem', () => {
  test('R-L2 (F1): nesting deeper than MAX_JSON_DEPTH is a problem at any depth, found without recursion', () => {
    expect(jsonStructureProblem(nested(MAX_JSON_DEPTH))).toBeUndefined();
    expect(jsonStructureProblem(nested(MAX_JSON_DEPTH + 1))).toBe(
      `line: expected at most ${MAX_JSON_DEPTH} levels of nesting, got more`,
    );
    for (const depth of [5_000, 100_000, 1_000_000]) {
      expect(jsonStructureProblem(nested(depth))).toMatch(/^line: expected at most 16 levels/);
      expect(jsonStructureProblem(`{"type":"LicensePurchased","quantity":${nested(depth)}}`)).toMatch(
        /^quantity: expected at most 16 levels/,
      );
      expect(jsonStructureProblem(`{"key":{"termDays":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}}`)).toMatch(
        /^key\.termDays\.a\.a(\.a)*: expected/,
      );
    }
  });

  test('R-L2: a key twice in one object is a problem naming its path, even spelled with escapes', () => {
    expect(jsonStructureProblem('{"id":"e1","at":"x","id":"e2"}')).toBe(
      'id: expected each key once per object, got it twice',
    );
    expect(jsonStructureProblem('{"id":"e1", "\\u0069d" :"e2"}')).toBe(
      'id: expected each key once per object, got it twice',
    );
    expect(jsonStructureProblem('{"key":{"termDays":1,"termDays":2}}')).toBe(
      'key.termDays: expected each key once per object, got it twice',
    );
    expect(jsonStructureProblem('{"__proto__":1,"__proto__":2}')).toBe(
      '__proto__: expected each key once per object, got it twice',
    );
  });

  test('R-L2: equal keys in different objects, keys equal to values, and quotes inside strings are not repeats', () => {
    expect(jsonStructureProblem('{"a":{"a":1},"b":{"a":2}}')).toBeUndefined();
    expect(jsonStructureProblem('{"id":"id","x":"\\"id\\":1"}')).toBeUndefined();
    expect(jsonStructureProblem('[{"a":1},{"a":1}]')).toBeUndefined();
    expect(jsonStructureProblem('{"a\\\\":1,"a":2}')).toBeUndefined();
  });

  test('R-L2: a wide object (many keys) is checked with a set, and a 50 MB key is echoed cut short', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `"k${i}":1`);
    expect(jsonStructureProblem(`{${keys.join(',')}}`)).toBeUndefined();
    expect(jsonStructureProblem(`{${keys.join(',')},"k49999":2}`)).toBe(
      'k49999: expected each key once per object, got it twice',
    );
    const long = 'x'.repeat(1_000_000);
    expect(jsonStructureProblem(`{"${long}":1,"${long}":2}`)).toBe(
      `${echo(long)}: expected each key once per object, got it twice`,
    );
    expect(echo(long)).toBe(`${'x'.repeat(60)}… (1000000 characters)`);
  });

  test('R-L2: on generated JSON, a repeat is reported exactly when some object spells one key twice', () => {
    // A tree of objects and arrays over a few keys, some written with escapes, and string values holding quotes and colons.
    type Tree =
      { kind: 'leaf'; text: string } | { kind: 'array'; items: Tree[] } | { kind: 'object'; pairs: [string, Tree][] };
    const spelled: Record<string, string> = { a: '"a"', b: '"b"', esc: '"\\u0061"', quote: '"\\""', slash: '"a\\\\"' };
    const decoded: Record<string, string> = { a: 'a', b: 'b', esc: 'a', quote: '"', slash: 'a\\' };
    const tree = fc.letrec<{ tree: Tree }>((tie) => ({
      tree: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.constantFrom('1', 'null', '"x"', '"\\":\\""', '"a\\"b"').map((text): Tree => ({ kind: 'leaf', text })),
        fc.array(tie('tree'), { maxLength: 3 }).map((items): Tree => ({ kind: 'array', items })),
        fc
          .array(fc.tuple(fc.constantFrom(...Object.keys(spelled)), tie('tree')), { maxLength: 4 })
          .map((pairs): Tree => ({ kind: 'object', pairs })),
      ),
    })).tree;
    const text = (t: Tree): string =>
      t.kind === 'leaf'
        ? t.text
        : t.kind === 'array'
          ? `[${t.items.map(text).join(',')}]`
          : `{ ${t.pairs.map(([k, v]) => `${spelled[k]} : ${text(v)}`).join(' ,')} }`;
    const repeats = (t: Tree): boolean =>
      t.kind === 'leaf'
        ? false
        : t.kind === 'array'
          ? t.items.some(repeats)
          : new Set(t.pairs.map(([k]) => decoded[k])).size < t.pairs.length || t.pairs.some(([, v]) => repeats(v));
    fc.assert(
      fc.property(tree, (t) => {
        const line = text(t);
        JSON.parse(line); // the generator writes valid JSON
        const problem = jsonStructureProblem(line, 100);
        return repeats(t) ? problem?.endsWith('got it twice') === true : problem === undefined;
      }),
    );
  });
});
