/**
 * What `JSON.parse` does not say about a line (R-L2): how deep it nests and
 * whether an object repeats a key. `JSON.parse` keeps the last of two equal keys
 * without a word, and a deeply nested value makes recursive code (describing it,
 * serializing it) overflow the stack; both are decode problems of their line.
 *
 * @since 0.2.0
 */

/**
 * The deepest nesting a line may have. An event nests 2 levels (`{"key":{…}}`);
 * anything deeper cannot be an event, so it is refused before any code walks it.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { MAX_JSON_DEPTH } from '@license-ledger/core'
 * assert.deepStrictEqual(MAX_JSON_DEPTH, 16)
 */
export const MAX_JSON_DEPTH = 16;

/**
 * Echoed input (a key, a value) is cut to this many characters.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { MAX_ECHO_CHARS } from '@license-ledger/core'
 * assert.deepStrictEqual(MAX_ECHO_CHARS, 60)
 */
export const MAX_ECHO_CHARS = 60;

/**
 * `text` when short; otherwise its first `max` characters, an ellipsis and the
 * full length, so that a 50 MB key is not printed whole.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { echo } from '@license-ledger/core'
 * assert.deepStrictEqual(echo('x'.repeat(100), 10), 'xxxxxxxxxx… (100 characters)')
 */
export const echo = (text: string, max: number = MAX_ECHO_CHARS): string =>
  text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** The keys of one open object: a short array first (events have ≤ 12 keys), a Set past 16. */
interface Frame {
  keys: string[] | Set<string> | null;
  /** The latest key of this object, for the path of a problem below it. */
  key: string;
}

const seen = (frame: Frame, key: string): boolean => {
  const keys = frame.keys;
  if (keys === null) return false;
  if (Array.isArray(keys)) {
    if (keys.includes(key)) return true;
    if (keys.length < 16) keys.push(key);
    else frame.keys = new Set([...keys, key]);
    return false;
  }
  if (keys.has(key)) return true;
  keys.add(key);
  return false;
};

const pathOf = (frames: readonly Frame[], key: string): string =>
  [...frames.filter((f) => f.keys !== null && f.key !== '').map((f) => f.key), key].map((k) => echo(k)).join('.');

/**
 * Scans one line of JSON text for what `JSON.parse` lets through: nesting deeper
 * than `maxDepth` (arrays and objects, at any place in the line) and a key that
 * appears twice in one object (compared after unescaping, so `"a"` and
 * `"\u0061"` are the same key). Returns the problem as one line of text, or
 * `undefined`. Linear in the line, with no recursion; text that is not JSON is
 * left to `JSON.parse` to describe (the result is then `undefined` or a problem
 * found before the syntax error).
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { jsonStructureProblem } from '@license-ledger/core'
 * assert.deepStrictEqual(jsonStructureProblem('{"id":"e1","id":"e2"}'), 'id: expected each key once per object, got it twice')
 * assert.deepStrictEqual(jsonStructureProblem('[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]'), 'line: expected at most 16 levels of nesting, got more')
 */
export const jsonStructureProblem = (text: string, maxDepth: number = MAX_JSON_DEPTH): string | undefined => {
  const frames: Frame[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = text.indexOf('"', i + 1);
      for (;;) {
        if (end < 0) return undefined;
        let b = end - 1;
        while (text.charCodeAt(b) === BACKSLASH) b--;
        if ((end - 1 - b) % 2 === 0) break;
        end = text.indexOf('"', end + 1);
      }
      const frame = frames[frames.length - 1];
      if (frame !== undefined && frame.keys !== null) {
        let k = end + 1;
        while (k < n && isSpace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) === COLON) {
          let key = text.slice(i + 1, end);
          if (key.includes('\\')) {
            try {
              key = JSON.parse(text.slice(i, end + 1)) as string;
            } catch {
              return undefined;
            }
          }
          if (seen(frame, key))
            return `${pathOf(frames.slice(0, -1), key)}: expected each key once per object, got it twice`;
          frame.key = key;
        }
      }
      i = end + 1;
      continue;
    }
    if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (frames.length >= maxDepth) {
        const where = frames
          .filter((f) => f.keys !== null && f.key !== '')
          .map((f) => echo(f.key))
          .join('.');
        return `${where === '' ? 'line' : where}: expected at most ${maxDepth} levels of nesting, got more`;
      }
      frames.push({ keys: c === OPEN_OBJECT ? [] : null, key: '' });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      frames.pop();
    }
    i++;
  }
  return undefined;
};
