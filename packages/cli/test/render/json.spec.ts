import fc from 'fast-check';
import { jsonPieces, renderJson } from '../../src/render/json';

describe('renderJson', () => {
  test('keeps keys in the order the object was built, indents, and ends with a newline', () => {
    expect(renderJson({ b: 1, a: [{ y: null, x: 'z' }] })).toBe(
      '{\n  "b": 1,\n  "a": [\n    {\n      "y": null,\n      "x": "z"\n    }\n  ]\n}\n',
    );
  });

  test('R-L6: the same value renders to the same bytes; undefined becomes null, never a missing key', () => {
    const value = { asOf: undefined, n: 1 };
    expect(renderJson(value)).toBe(renderJson({ asOf: undefined, n: 1 }));
    expect(JSON.parse(renderJson(value))).toEqual({ asOf: null, n: 1 });
  });
});

describe('jsonPieces', () => {
  test(`R-L6 (F2): the pieces join to the bytes of JSON.stringify(value, null, 2), for any JSON value`, () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => [...jsonPieces(value)].join('') === JSON.stringify(value, null, 2)),
    );
  });

  test('F2: 200 000 problems are written as pieces, never as one string', () => {
    const problems = Array.from({ length: 200_000 }, (_, i) => ({ line: i + 1, message: 'not valid JSON' }));
    let pieces = 0;
    let longest = 0;
    for (const piece of jsonPieces({ problems })) {
      pieces += 1;
      longest = Math.max(longest, piece.length);
    }
    expect(pieces).toBeGreaterThan(200_000);
    expect(longest).toBeLessThan(100);
  });

  test('F2: a long list of numbers is many pieces too, each of bounded length', () => {
    const numbers = Array.from({ length: 100_000 }, (_, i) => i);
    const pieces = [...jsonPieces({ numbers })];
    expect(pieces.join('')).toBe(JSON.stringify({ numbers }, null, 2));
    expect(pieces.length).toBeGreaterThan(50);
    expect(Math.max(...pieces.map((piece) => piece.length))).toBeLessThan(10_000);
  });

  test('R-L6: undefined, a function and a symbol print as null in a list and in a record, as a value alone', () => {
    const odd = [undefined, () => 1, Symbol('s')];
    expect([...jsonPieces(odd)].join('')).toBe('[\n  null,\n  null,\n  null\n]');
    expect([...jsonPieces({ a: undefined, b: () => 1, c: Symbol('s') })].join('')).toBe(
      '{\n  "a": null,\n  "b": null,\n  "c": null\n}',
    );
    expect([...jsonPieces(undefined)].join('')).toBe('null');
  });
});
