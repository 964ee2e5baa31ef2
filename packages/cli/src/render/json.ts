/**
 * JSON output: one object, indented, ending with a newline.
 *
 * @since 0.1.0
 */

/**
 * The JSON text of `value`, indented by two spaces, piece by piece (the bytes
 * of `JSON.stringify(value, …, 2)`, `undefined` printed as `null`), so that an
 * output of any size streams to its reader and is never one giant string.
 * Recursive on the value's depth, which is the report's own (a few levels).
 *
 * @since 0.2.0
 */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  if (typeof value === 'object' && value !== null) {
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        yield '[]';
        return;
      }
      yield '[\n';
      for (let i = 0; i < value.length; i++) {
        yield inner;
        yield* jsonPieces(value[i], inner);
        yield i < value.length - 1 ? ',\n' : '\n';
      }
      yield `${indent}]`;
      return;
    }
    const keys = Object.keys(value);
    if (keys.length === 0) {
      yield '{}';
      return;
    }
    yield '{\n';
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      yield `${inner}${JSON.stringify(key)}: `;
      yield* jsonPieces((value as Record<string, unknown>)[key], inner);
      yield i < keys.length - 1 ? ',\n' : '\n';
    }
    yield `${indent}}`;
    return;
  }
  yield JSON.stringify(value) ?? 'null';
}

/**
 * Serializes a report or an explanation. Key order is the order in which the
 * object was built (the command builds it in the documented order) and nothing
 * in it depends on time, locale or hash order, so the same log gives the same
 * bytes (R-L6). `undefined` never appears: a missing value is `null`.
 *
 * @since 0.1.0
 */
export const renderJson = (value: unknown): string => [...jsonDocument(value)].join('');

/**
 * `renderJson` piece by piece: the JSON text and its final newline.
 *
 * @since 0.2.0
 */
export function* jsonDocument(value: unknown): Generator<string> {
  yield* jsonPieces(value);
  yield '\n';
}
