/**
 * JSON output: one object, indented, ending with a newline.
 *
 * @since 0.1.0
 */

/** Text gathered up to this length before it is yielded as one piece (so a long list of numbers is still many). */
const PIECE = 8 * 1024;

/** Whether `value` is rendered by walking it (an object or array), not as one `JSON.stringify`. */
const walked = (value: unknown): value is object => typeof value === 'object' && value !== null;

/**
 * The JSON text of `value`, indented by two spaces, piece by piece (the bytes
 * of `JSON.stringify(value, …, 2)`, `undefined` printed as `null`), so that an
 * output of any size streams to its reader and is never one giant string.
 * Recursive on the value's depth, which is the report's own (a few levels).
 *
 * Primitives are appended to the text of the object or array holding them: a
 * report's records of primitives (each problem, each pool's counts) are one
 * piece each. A generator per value and a yield per key, through every level
 * of `yield*`, made the render of a report with ~12 000 problems ~60 ms
 * (docs/performance.md, "Twenty-first session").
 *
 * @since 0.2.0
 */
export function* jsonPieces(value: unknown, indent = ''): Generator<string> {
  if (!walked(value)) {
    yield JSON.stringify(value) ?? 'null';
    return;
  }
  // A list is walked by index, a record by its keys, in the order it was built.
  const list = Array.isArray(value) ? (value as unknown[]) : null;
  const keys = list === null ? Object.keys(value) : null;
  const length = list === null ? (keys as string[]).length : list.length;
  const [open, close] = list === null ? ['{', '}'] : ['[', ']'];
  if (length === 0) {
    yield `${open}${close}`;
    return;
  }
  const inner = `${indent}  `;
  let text = `${open}\n`;
  for (let i = 0; i < length; i++) {
    const key = keys === null ? null : (keys[i] as string);
    // Each value read once, as before: a getter runs once.
    const child: unknown = key === null ? (list as unknown[])[i] : (value as Record<string, unknown>)[key];
    text += key === null ? inner : `${inner}${JSON.stringify(key)}: `;
    if (walked(child)) {
      yield text;
      yield* jsonPieces(child, inner);
      text = '';
    } else text += JSON.stringify(child) ?? 'null';
    text += i < length - 1 ? ',\n' : '\n';
    if (text.length >= PIECE) {
      yield text;
      text = '';
    }
  }
  yield `${text}${indent}${close}`;
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
