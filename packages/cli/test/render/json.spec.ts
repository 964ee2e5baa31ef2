import { renderJson } from '../../src/render/json';

describe('renderJson', () => {
  test('keeps keys in the order the object was built, indents, and ends with a newline', () => {
    expect(renderJson({ b: 1, a: [{ y: null, x: 'z' }] })).toBe('{\n  "b": 1,\n  "a": [\n    {\n      "y": null,\n      "x": "z"\n    }\n  ]\n}\n');
  });

  test('R-L6: the same value renders to the same bytes; undefined becomes null, never a missing key', () => {
    const value = { asOf: undefined, n: 1 };
    expect(renderJson(value)).toBe(renderJson({ asOf: undefined, n: 1 }));
    expect(JSON.parse(renderJson(value))).toEqual({ asOf: null, n: 1 });
  });
});
