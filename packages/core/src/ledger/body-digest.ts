import { PADDING_ROOM, sha256OfBytes } from './sha256';

/**
 * What R-L5 compares when an id comes back: the first 128 bits of the SHA-256
 * of the event's canonical body, as eight UTF-16 code units (compare with `===`).
 * Finding two bodies with one digest is beyond reach (about 2^64 work), so a
 * different body under a known id is always told from an exact repeat; an
 * unkeyed 53-bit hash let two chosen bodies pass as one (a silent drop).
 *
 * @since 0.2.0
 */
export type BodyDigest = string & { readonly _bodyDigest: unique symbol };

const words = new Int32Array(8);

/**
 * `Object.keys(record).sort()` without the sort's scratch space: an insertion
 * sort in place (events have a dozen keys at most), ordering by UTF-16 code
 * units as `sort()` does (keys are distinct, so the order is the same).
 */
const sortedKeys = (record: Record<string, unknown>): string[] => {
  const keys = Object.keys(record);
  // Insertion sort is quadratic: an object with many keys (not an event) takes the library sort.
  if (keys.length > 32) return keys.sort();
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i] as string;
    let j = i - 1;
    while (j >= 0 && (keys[j] as string) > key) {
      keys[j + 1] = keys[j] as string;
      j--;
    }
    keys[j + 1] = key;
  }
  return keys;
};

const text = (value: unknown): string => {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(text).join(',')}]`;
  return fields(value as Record<string, unknown>, false);
};

/** An object's own fields, keys sorted, fields without a value left out; the top level leaves out `v`. */
const fields = (record: Record<string, unknown>, top: boolean): string => {
  const keys = sortedKeys(record);
  let out = '{';
  for (const key of keys) {
    const value = record[key];
    if (value === undefined || (top && key === 'v')) continue;
    out += `${JSON.stringify(key)}:${text(value)},`;
  }
  return `${out}}`;
};

/**
 * The canonical text of an event's body: JSON with every object's keys sorted,
 * so the order a line (or a program) lists them in does not matter, and without
 * the wire version `v`: a decoded event is in the current version's shape
 * whichever version it was written in, so `"v":1` and no `v` are one body.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { canonicalBody } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(canonicalBody({ v: 1, id: 'e1', type: 'RecoveryRun' }), '{"id":"e1","type":"RecoveryRun",}')
 */
export const canonicalBody = (event: object): string => fields(event as Record<string, unknown>, true);

/** The canonical body's UTF-8 bytes, written straight from the event (no string per field). */
let bytes = new Uint8Array(512);
let length = 0;

const room = (more: number): void => {
  if (length + more <= bytes.length) return;
  const bigger = new Uint8Array(Math.max(bytes.length * 2, length + more));
  bigger.set(bytes.subarray(0, length));
  bytes = bigger;
};

const QUOTE = 0x22;

/** UTF-8 of `text` as `encode` in sha256.ts writes it (a lone surrogate as its own three bytes). */
const utf8 = (text: string): void => {
  room(text.length * 3);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes[length++] = c;
    else if (c < 0x800) {
      bytes[length++] = 0xc0 | (c >> 6);
      bytes[length++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      const p = 0x10000 + ((c - 0xd800) << 10) + (text.charCodeAt(++i) - 0xdc00);
      bytes[length++] = 0xf0 | (p >> 18);
      bytes[length++] = 0x80 | ((p >> 12) & 0x3f);
      bytes[length++] = 0x80 | ((p >> 6) & 0x3f);
      bytes[length++] = 0x80 | (p & 0x3f);
    } else {
      bytes[length++] = 0xe0 | (c >> 12);
      bytes[length++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[length++] = 0x80 | (c & 0x3f);
    }
  }
};

/**
 * `JSON.stringify(text)`'s bytes: quoted and encoded in one pass unless a
 * character needs an escape (a control character, `"`, `\\`, a surrogate), then
 * JSON.stringify's own text, written over what the pass had written.
 */
const jsonString = (text: string): void => {
  const start = length;
  room(text.length * 3 + 2);
  bytes[length++] = QUOTE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      if (c < 0x20 || c === QUOTE || c === 0x5c) return escaped(start, text);
      bytes[length++] = c;
    } else if (c < 0x800) {
      bytes[length++] = 0xc0 | (c >> 6);
      bytes[length++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c < 0xe000) {
      return escaped(start, text);
    } else {
      bytes[length++] = 0xe0 | (c >> 12);
      bytes[length++] = 0x80 | ((c >> 6) & 0x3f);
      bytes[length++] = 0x80 | (c & 0x3f);
    }
  }
  bytes[length++] = QUOTE;
};

/** `text` as JSON.stringify quotes and escapes it, written from `start` on. */
const escaped = (start: number, text: string): void => {
  length = start;
  utf8(JSON.stringify(text));
};

/**
 * A safe integer's decimal digits, as `JSON.stringify` writes them (`-0` as `0`),
 * without making the string: instants and quantities are most of an event's numbers.
 */
const safeInteger = (value: number): void => {
  room(17);
  if (value < 0) {
    bytes[length++] = 0x2d;
    value = -value;
  }
  // Instants have 13 digits, past 32 bits: the digits above the last eight, then those eight,
  // each part in 32-bit integer arithmetic (a 2^53 - 1 has 8 digits above them).
  if (value >= 1e8) {
    const high = Math.floor(value / 1e8);
    digits(high);
    lastDigits(value - high * 1e8, 8);
  } else digits(value);
};

/** The decimal digits of `value` (0 ≤ value < 2^31), no leading zeros. */
const digits = (value: number): void => {
  let count = 1;
  for (let power = 10; power <= value && count < 10; power *= 10) count++;
  lastDigits(value, count);
};

/** The last `count` decimal digits of `value` (0 ≤ value < 2^31), leading zeros written. */
const lastDigits = (value: number, count: number): void => {
  let rest = value | 0;
  length += count;
  for (let at = length - 1; at >= length - count; at--) {
    const tenth = (rest / 10) | 0;
    bytes[at] = 0x30 + rest - tenth * 10;
    rest = tenth;
  }
};

const writeValue = (value: unknown): void => {
  if (typeof value === 'string') jsonString(value);
  else if (typeof value === 'number' && Number.isSafeInteger(value)) safeInteger(value);
  else if (typeof value !== 'object' || value === null) utf8(JSON.stringify(value) ?? 'null');
  else if (Array.isArray(value)) utf8(text(value));
  else writeFields(value as Record<string, unknown>, false);
};

/** {@link fields}, written as bytes. */
const writeFields = (record: Record<string, unknown>, top: boolean): void => {
  const keys = sortedKeys(record);
  room(1);
  bytes[length++] = 0x7b;
  for (const key of keys) {
    const value = record[key];
    if (value === undefined || (top && key === 'v')) continue;
    jsonString(key);
    room(1);
    bytes[length++] = 0x3a;
    writeValue(value);
    room(1);
    bytes[length++] = 0x2c;
  }
  room(1);
  bytes[length++] = 0x7d;
};

/**
 * A SHA-256 of the first `length` bytes of `bytes`, as signed 32-bit big-endian
 * words into `out` (the first four at least: a body digest keeps 128 bits). It
 * may write past `length` in `bytes` (the JavaScript one pads in place; the
 * buffer has `PADDING_ROOM` bytes of room there). The core's is
 * `sha256OfBytes`, pure JavaScript; the decoding worker hands
 * {@link bodyDigestWords} Node's native one, ~4× faster per event.
 *
 * @since 0.6.0
 */
export type Sha256Into = (bytes: Uint8Array, length: number, out: Int32Array) => void;

/** The SHA-256 of the body written so far into `words`, its padding written after it in `bytes` (no copy). */
const hashBody = (sha256: Sha256Into): void => {
  room(PADDING_ROOM);
  sha256(bytes, length, words);
};

/**
 * The digest of an event's canonical body (see {@link canonicalBody}). The
 * body's bytes are written straight into a reused buffer, not built as a string
 * first: the same bytes, half the work.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { bodyDigest } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(bodyDigest({ id: 'e1', v: 1 }) === bodyDigest({ id: 'e1' }), true)
 */
export const bodyDigest = (event: object): BodyDigest => {
  length = 0;
  writeFields(event as Record<string, unknown>, true);
  hashBody(sha256OfBytes);
  return digestFromWords(words[0] as number, words[1] as number, words[2] as number, words[3] as number);
};

/**
 * {@link bodyDigest}'s 128 bits as four signed 32-bit words into `out`, for any
 * event: what `applyToDraft` checks R-L5 with when no digest came with the
 * event, so that the check and the id table take words and no 8-character
 * string is made per event.
 */
export const bodyDigestInto = (event: object, out: Int32Array): void => {
  length = 0;
  writeFields(event as Record<string, unknown>, true);
  hashBody(sha256OfBytes);
  out[0] = words[0] as number;
  out[1] = words[1] as number;
  out[2] = words[2] as number;
  out[3] = words[3] as number;
};

/**
 * What {@link bodyDigestWords} needs to know of a kind of flat event, made once
 * per list of keys: its keys in the canonical body's order (sorted, without the
 * top-level `v`), each with its `"key":` already in UTF-8.
 *
 * @since 0.6.0
 */
export interface DigestShape {
  readonly keys: readonly string[];
  readonly heads: readonly Uint8Array[];
}

/**
 * The {@link DigestShape} of events whose own keys are `keys` (in any order).
 *
 * @since 0.6.0
 * @example
 * import assert from 'node:assert/strict'
 * import { digestShape } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(digestShape(['type', 'v', 'id']).keys, ['id', 'type'])
 */
export const digestShape = (keys: readonly string[]): DigestShape => {
  const sorted = [...keys].sort().filter((key) => key !== 'v');
  const heads = sorted.map((key) => {
    length = 0;
    jsonString(key);
    room(1);
    bytes[length++] = 0x3a;
    return bytes.slice(0, length);
  });
  return { keys: sorted, heads };
};

/**
 * {@link bodyDigest}'s 128 bits as four signed 32-bit words into `out`
 * (`digestFromWords` makes the digest of them), for a flat event (every value a
 * string, number, boolean or null) whose own keys are those of `shape`: the
 * decoding worker keeps a shape per list of keys, so that neither the sorted keys,
 * their text nor the digest's string is made per event. `sha256` hashes the
 * body's bytes (the core's JavaScript one unless a faster one is given: the
 * worker gives Node's native one; any correct SHA-256 gives the same words).
 *
 * @since 0.6.0
 * @example
 * import assert from 'node:assert/strict'
 * import { bodyDigestWords, digestShape } from '@license-ledger/core/internal'
 * const first = new Int32Array(4)
 * const second = new Int32Array(4)
 * bodyDigestWords({ id: 'e1', type: 'RecoveryRun' }, digestShape(['id', 'type']), first)
 * bodyDigestWords({ type: 'RecoveryRun', v: 1, id: 'e1' }, digestShape(['type', 'v', 'id']), second)
 * assert.deepStrictEqual(first, second) // one body: keys in any order, "v": 1 or none
 */
export const bodyDigestWords = (
  event: object,
  shape: DigestShape,
  out: Int32Array,
  sha256: Sha256Into = sha256OfBytes,
): void => {
  const record = event as Record<string, unknown>;
  const { keys, heads } = shape;
  length = 0;
  room(1);
  bytes[length++] = 0x7b;
  for (let i = 0; i < keys.length; i++) {
    const value = record[keys[i] as string];
    if (value === undefined) continue;
    const head = heads[i] as Uint8Array;
    room(head.length);
    for (let j = 0; j < head.length; j++) bytes[length++] = head[j] as number;
    writeValue(value);
    room(1);
    bytes[length++] = 0x2c;
  }
  room(1);
  bytes[length++] = 0x7d;
  hashBody(sha256);
  out[0] = words[0] as number;
  out[1] = words[1] as number;
  out[2] = words[2] as number;
  out[3] = words[3] as number;
};

/** A digest from its 128 bits as four 32-bit words (how the digest and the decoding worker hand it over). */
export const digestFromWords = (w0: number, w1: number, w2: number, w3: number): BodyDigest =>
  String.fromCharCode(
    w0 >>> 16,
    w0 & 0xffff,
    w1 >>> 16,
    w1 & 0xffff,
    w2 >>> 16,
    w2 & 0xffff,
    w3 >>> 16,
    w3 & 0xffff,
  ) as BodyDigest;

/**
 * A log entry decoded elsewhere (the decoding worker decodes and digests on the
 * other core), with the digest of its event's body out of sight (private
 * fields: not keys, not copied by a spread, not serialized). The event is
 * frozen, so the digest stays the digest of that very event; the entry is not
 * (freezing it was ~900 machine instructions per event on the fold's thread,
 * V8's `Object.freeze` being a call into its runtime): it keeps its event in a
 * private field too and gives its digest only while `event` is still that one.
 * It compares, prints and serializes as a plain `{ line, event }`.
 *
 * Why a class: a private field costs nothing to add, where giving a plain entry a
 * hidden property (`Object.defineProperty`) and freezing it cost ~0.3 µs per
 * event in the fold's thread; and a `WeakMap` of events cost ~1 µs per event to
 * fill and weighed on every garbage collection.
 *
 * Why the digest is where it came (four words of the batch's slots, which
 * nothing writes once the batch is decoded and nothing outside reaches) rather
 * than a digest string: the fold compares and stores it
 * as words, and the string made per event was ~55 B of the fold's thread's
 * allocation per event (docs/performance.md, "Sixteenth session").
 */
class DigestedEntry<E extends object> {
  readonly #words: Int32Array;
  readonly #at: number;
  readonly #event: E;

  constructor(
    readonly line: number,
    readonly event: E,
    words: Int32Array,
    at: number,
  ) {
    this.#words = words;
    this.#at = at;
    this.#event = event;
  }

  /**
   * Copies the digest's four words into `out`; false (and `out` untouched) for an entry without one, or
   * whose `event` was replaced since it was made (the digest is of the event it was made with).
   */
  static wordsOf(entry: object, out: Int32Array): boolean {
    if (!(#words in entry)) return false;
    const digested = entry as DigestedEntry<object>;
    if (digested.event !== digested.#event) return false;
    const words = digested.#words;
    const at = digested.#at;
    out[0] = words[at] as number;
    out[1] = words[at + 1] as number;
    out[2] = words[at + 2] as number;
    out[3] = words[at + 3] as number;
    return true;
  }

  /** The event the entry was made with, if it is one {@link digestedEntry} made: read from its own field, no getter runs. */
  static eventOf(entry: object): object | undefined {
    return #event in entry ? (entry as DigestedEntry<object>).#event : undefined;
  }
}

/**
 * The log entry `{ line, event }` carrying the digest of `event`'s body computed
 * elsewhere, as the four words `words[at .. at + 4)` (which must never be
 * written again: the entry reads them when it is folded); `event` is frozen, the entry is not.
 * Internal: the entry decoder of `@license-ledger/core/node` is its only caller.
 */
export const digestedEntry = <E extends object>(
  line: number,
  event: E,
  words: Int32Array,
  at: number,
): { readonly line: number; readonly event: E } => {
  Object.freeze(event);
  return new DigestedEntry(line, event, words, at);
};

/**
 * Copies the digest {@link digestedEntry} gave a log entry into `out` as four
 * words, and says whether it had one: what the replayer hands `applyToDraft`,
 * with no string made per event.
 */
export const attachedDigestWords = (entry: object, out: Int32Array): boolean => DigestedEntry.wordsOf(entry, out);

/**
 * The event of a log entry the entry decoder made ({@link digestedEntry}): a
 * frozen object of plain fields, as the codecs decoded it, so reading it runs
 * no code of the caller's; `undefined` for any other input (built in code, or
 * decoded in this thread), whose reads might.
 */
export const decodedEventOf = (input: unknown): object | undefined =>
  typeof input === 'object' && input !== null ? DigestedEntry.eventOf(input) : undefined;
