/**
 * Splitting an NDJSON audit log into numbered lines (R-L1: one event per line,
 * UTF-8; R-L2: a decode error names its line). Pure: no Node imports and no I/O,
 * so the same code serves files, stdin, `fetch` bodies and tests.
 *
 * @since 0.1.0
 */

import { echo, jsonStructureProblem } from './json-structure';

/**
 * One non-blank physical line of the log, without its line ending.
 *
 * @since 0.1.0
 */
export interface RawLine {
  /** 1-based physical line number in the file, blank lines included. */
  readonly line: number;
  readonly text: string;
}

/**
 * A line that could not even be read as text, kept so that nothing is silently dropped.
 *
 * @since 0.1.0
 */
export interface LineProblem {
  readonly line: number;
  readonly message: string;
}

/**
 * What the splitter yields; a `RawLine` is the one with `text`.
 *
 * @since 0.1.0
 */
export type SplitItem = RawLine | LineProblem;

type Chunk = string | Uint8Array;

const LF = 0x0a;
const CR = 0x0d;
const BOM = 0xfeff;
const NOT_UTF8 = 'not valid UTF-8';

/**
 * The longest line the splitter reads by default: 1 MiB. An event line is a few
 * hundred bytes; a longer line is reported as too long and skipped to its end
 * without being kept, so a hostile log (a gzip bomb of zeros) cannot grow memory.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { DEFAULT_MAX_LINE_BYTES } from '@license-ledger/core'
 * assert.deepStrictEqual(DEFAULT_MAX_LINE_BYTES, 1048576)
 */
export const DEFAULT_MAX_LINE_BYTES = 1024 * 1024;

/**
 * Options of the splitter.
 *
 * @since 0.2.0
 */
export interface SplitOptions {
  /**
   * A line longer than this (in bytes; in UTF-16 code units for text chunks),
   * line ending excluded, becomes a `LineProblem` and is never held whole.
   * Default `DEFAULT_MAX_LINE_BYTES`.
   */
  readonly maxLineBytes?: number;
  /**
   * The number of the first line (default 1): for a part of a file that starts
   * just after line `firstLine - 1` (a log read in two halves, one per core).
   * Only line 1 may start with a byte order mark.
   *
   * @since 0.4.0
   */
  readonly firstLine?: number;
}

const tooLong = (max: number): string =>
  `line too long: more than ${max} bytes (the limit is maxLineBytes, --max-line-bytes)`;

// `ignoreBOM: true` keeps U+FEFF in the output: regions are decoded one by one, and
// the default would strip a BOM at the start of every region, not only of the file.
const newDecoder = () => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const concatBytes = (parts: readonly Uint8Array[]): Uint8Array => {
  if (parts.length === 1) return parts[0] as Uint8Array;
  let size = 0;
  for (const part of parts) size += part.byteLength;
  const joined = new Uint8Array(size);
  let at = 0;
  for (const part of parts) {
    joined.set(part, at);
    at += part.byteLength;
  }
  return joined;
};

/** Bytes of `text[from, to)` in UTF-8 (a lone surrogate counts as the 3 bytes of U+FFFD). */
const utf8Length = (text: string, from: number, to: number): number => {
  let bytes = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c < 0xdc00 && i + 1 < to && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
};

/**
 * The state machine shared by `splitLines` and `splitLinesAsync`.
 *
 * Newlines are found in the bytes, not in decoded text: 0x0A never occurs inside a
 * multi-byte UTF-8 sequence, so every region between two newlines is a whole number
 * of characters. That lets a chunk's complete lines be decoded with one
 * `TextDecoder.decode` call, and, when that call fails, be decoded again line by line
 * to name the bad line — without the stream-mode decoder's hidden state, which
 * cannot be rewound after an error.
 */
class SplitterState {
  constructor(
    private readonly maxLineBytes: number,
    firstLine: number,
  ) {
    this.nextLine = firstLine;
    this.firstLine = firstLine;
  }

  private decoder = newDecoder();
  /** Number of the line being assembled: every newline seen so far, plus `firstLine`. */
  private nextLine: number;
  private readonly firstLine: number;
  // The current partial line: text first, then bytes (a string chunk first turns pending bytes into text).
  private pendingText = '';
  private pendingBytes: Uint8Array[] = [];
  private pendingInvalid = false;
  /** The current partial line is longer than the limit: it is skipped to its end, nothing of it kept. */
  private pendingTooLong = false;
  /** Bytes (or code units) of the current partial line, kept or not. */
  private pendingSize = 0;
  /** Bytes (or code units) held for the current partial line, and the most ever held. */
  private held = 0;
  private peakHeld = 0;

  /** The most bytes (or code units) of a partial line this splitter ever held: never more than the limit. */
  get peakRetained(): number {
    return this.peakHeld;
  }

  /** Physical lines seen, the last one included even without a final newline. */
  get linesSeen(): number {
    return this.nextLine - this.firstLine;
  }

  /** Feeds the next chunk; returns the lines (or line problems) it completes. */
  push(chunk: Chunk): SplitItem[] {
    const out: SplitItem[] = [];
    if (typeof chunk === 'string') this.pushText(chunk, out);
    else this.pushBytes(chunk, out);
    return out;
  }

  /** Drops what is pending (an unfinished last line); says at which line and whether anything was pending. */
  abandon(): { line: number; partial: boolean } {
    const partial = this.hasPending();
    this.pendingBytes = [];
    this.pendingText = '';
    this.pendingInvalid = false;
    this.pendingTooLong = false;
    this.pendingSize = 0;
    this.held = 0;
    return { line: this.nextLine, partial };
  }

  /** Ends the input: the last line, when it has no final newline. */
  finish(): SplitItem[] {
    const out: SplitItem[] = [];
    if (this.hasPending()) this.emitPending(out);
    return out;
  }

  private hasPending(): boolean {
    return this.pendingText.length > 0 || this.pendingBytes.length > 0 || this.pendingInvalid || this.pendingTooLong;
  }

  private pushBytes(chunk: Uint8Array, out: SplitItem[]): void {
    const first = chunk.indexOf(LF);
    if (first < 0) {
      this.holdBytes(chunk);
      return;
    }
    let start = 0;
    if (this.hasPending()) {
      if (first > 0) this.holdBytes(chunk.subarray(0, first));
      this.emitPending(out);
      start = first + 1;
    }
    const last = chunk.lastIndexOf(LF);
    if (start <= last) this.emitByteRegion(chunk.subarray(start, last), out);
    if (last + 1 < chunk.length) this.holdBytes(chunk.subarray(last + 1));
  }

  private pushText(chunk: string, out: SplitItem[]): void {
    if (this.pendingBytes.length > 0) this.settlePendingBytes();
    const first = chunk.indexOf('\n');
    if (first < 0) {
      this.holdText(chunk);
      return;
    }
    let start = 0;
    if (this.hasPending()) {
      this.holdText(chunk.slice(0, first));
      this.emitPending(out);
      start = first + 1;
    }
    const last = chunk.lastIndexOf('\n');
    if (start <= last) this.emitTextRegion(chunk, start, last, out);
    this.holdText(chunk.slice(last + 1));
  }

  /** Counts `size` more units of the partial line; past the limit, drops what is held. True while it may be kept. */
  private grow(size: number): boolean {
    this.pendingSize += size;
    if (this.pendingTooLong) return false;
    // One more for a CR before the LF, which is not part of the line.
    if (this.pendingSize > this.maxLineBytes + 1) {
      this.pendingTooLong = true;
      this.pendingBytes = [];
      this.pendingText = '';
      this.held = 0;
      return false;
    }
    return true;
  }

  private holdText(text: string): void {
    if (text.length === 0 || !this.grow(text.length) || this.pendingInvalid) return;
    this.pendingText += text;
    this.held += text.length;
    if (this.held > this.peakHeld) this.peakHeld = this.held;
  }

  private holdBytes(bytes: Uint8Array): void {
    // An empty chunk must not make an empty partial line, which would count as one more line.
    if (bytes.byteLength === 0 || !this.grow(bytes.byteLength) || this.pendingInvalid) return;
    // A copy, because some producers reuse their buffers once the chunk is consumed.
    this.pendingBytes.push(bytes.slice());
    this.held += bytes.byteLength;
    if (this.held > this.peakHeld) this.peakHeld = this.held;
  }

  /** Decodes `bytes` or returns `undefined`; a decoder that threw is replaced, its state being unspecified. */
  private decode(bytes: Uint8Array): string | undefined {
    try {
      return this.decoder.decode(bytes);
    } catch {
      this.decoder = newDecoder();
      return undefined;
    }
  }

  private settlePendingBytes(): void {
    const text = this.decode(concatBytes(this.pendingBytes));
    this.pendingBytes = [];
    if (text === undefined) {
      this.pendingInvalid = true;
      this.pendingText = '';
    } else {
      this.pendingText += text;
    }
  }

  private emitPending(out: SplitItem[]): void {
    if (this.pendingBytes.length > 0) this.settlePendingBytes();
    const text = this.pendingText;
    const invalid = this.pendingInvalid;
    const long = this.pendingTooLong;
    this.pendingText = '';
    this.pendingInvalid = false;
    this.pendingTooLong = false;
    this.pendingSize = 0;
    this.held = 0;
    if (long) out.push({ line: this.nextLine++, message: tooLong(this.maxLineBytes) });
    else if (invalid) out.push({ line: this.nextLine++, message: NOT_UTF8 });
    else this.emitLine(text, 0, text.length, out);
  }

  /** `bytes` holds one or more whole lines separated by LF, without the final LF. */
  private emitByteRegion(bytes: Uint8Array, out: SplitItem[]): void {
    const text = this.decode(bytes);
    if (text !== undefined) {
      this.emitTextRegion(text, 0, text.length, out);
      return;
    }
    // Rare path: only now pay for one decode per line, to say which lines are bad or too long.
    let from = 0;
    for (;;) {
      const lf = bytes.indexOf(LF, from);
      const to = lf < 0 ? bytes.length : lf;
      const long = to - from - (to > from && bytes[to - 1] === CR ? 1 : 0) > this.maxLineBytes;
      const line = long ? undefined : this.decode(bytes.subarray(from, to));
      if (long) out.push({ line: this.nextLine++, message: tooLong(this.maxLineBytes) });
      else if (line === undefined) out.push({ line: this.nextLine++, message: NOT_UTF8 });
      else this.emitLine(line, 0, line.length, out);
      if (lf < 0) return;
      from = lf + 1;
    }
  }

  /** The lines of `text` in `[from, to)`; `to` is the final LF or the end of the text. */
  private emitTextRegion(text: string, from: number, to: number, out: SplitItem[]): void {
    let start = from;
    for (;;) {
      const lf = text.indexOf('\n', start);
      if (lf < 0 || lf >= to) {
        this.emitLine(text, start, to, out);
        return;
      }
      this.emitLine(text, start, lf, out);
      start = lf + 1;
    }
  }

  private emitLine(text: string, from: number, to: number, out: SplitItem[]): void {
    const line = this.nextLine++;
    let start = from;
    let end = to;
    if (end > start && text.charCodeAt(end - 1) === CR) end--;
    // Line 1 starts at the first byte of the file, the only place a BOM is a BOM.
    if (line === 1 && end > start && text.charCodeAt(start) === BOM) start++;
    if (start === end) return;
    // A UTF-16 code unit is at most 3 bytes of UTF-8: only a long line needs counting.
    if (end - start > this.maxLineBytes / 3 && utf8Length(text, start, end) > this.maxLineBytes) {
      out.push({ line, message: tooLong(this.maxLineBytes) });
      return;
    }
    const c = text.charCodeAt(start);
    // Printable ASCII first (every JSON line starts with `{`) keeps `trim` off the hot path.
    if (!(c > 0x20 && c < 0x7f) && text.slice(start, end).trim() === '') return;
    out.push({ line, text: text.slice(start, end) });
  }
}

/**
 * The splitter behind `splitLines`, fed one chunk at a time: `push` returns the
 * items completed by a chunk, `finish` the last line. `peakRetained` is the
 * most it ever held of a partial line (bytes, or code units of text chunks),
 * which never exceeds `maxLineBytes` + 1.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { createLineSplitter } from '@license-ledger/core'
 * const splitter = createLineSplitter({ maxLineBytes: 10 })
 * assert.deepStrictEqual(splitter.push('{"a":1}\n{"b":'), [{ line: 1, text: '{"a":1}' }])
 * assert.deepStrictEqual(splitter.push(new Uint8Array(100)), []) // line 2 is too long: nothing more is kept
 * assert.match((splitter.finish()[0] as { message: string }).message, /^line too long: more than 10 bytes/)
 */
export interface LineSplitter {
  /** Feeds the next chunk; returns the lines (or line problems) it completes. */
  push(chunk: string | Uint8Array): SplitItem[];
  /** Ends the input: returns the last line when it has no final newline. */
  finish(): SplitItem[];
  /**
   * Instead of `finish`, when the input failed: drops the partial line (it was
   * cut short, not written so) and tells its number, the line a failure is
   * reported on.
   */
  abandon(): { line: number; partial: boolean };
  readonly linesSeen: number;
  readonly peakRetained: number;
}

/**
 * A line splitter fed one chunk at a time (see `LineSplitter`).
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { createLineSplitter } from '@license-ledger/core'
 * assert.deepStrictEqual(createLineSplitter().push('{"a":1}\n'), [{ line: 1, text: '{"a":1}' }])
 */
export const createLineSplitter = (options: SplitOptions = {}): LineSplitter => {
  const max = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (!Number.isSafeInteger(max) || max < 1)
    throw new RangeError(`maxLineBytes must be a positive integer, got ${max}`);
  const firstLine = options.firstLine ?? 1;
  if (!Number.isSafeInteger(firstLine) || firstLine < 1)
    throw new RangeError(`firstLine must be a positive integer, got ${firstLine}`);
  return new SplitterState(max, firstLine);
};

/**
 * Splits the chunks of an NDJSON log into numbered lines, at most one batch per
 * chunk, so a consumer pays per-batch rather than per-line overhead. Lines end at
 * LF; a trailing CR and a leading BOM are removed; blank lines are skipped but
 * counted; the last line needs no final newline; a line may span any number of
 * chunks, even in the middle of a UTF-8 character. A line that is not valid UTF-8
 * becomes a `LineProblem` (R-L2) and its neighbours still come through.
 * Memory: one chunk plus the current partial line.
 *
 * The generator returns the number of physical lines it saw, so a reader that
 * fails after the last chunk can report its failure on the following line.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { splitLines } from '@license-ledger/core'
 * const chunks = [new TextEncoder().encode('{"a":1}\r\n\n{"b"'), ':2}'] // a line may span chunks
 * assert.deepStrictEqual([...splitLines(chunks)].flat(), [
 *   { line: 1, text: '{"a":1}' },
 *   { line: 3, text: '{"b":2}' }, // blank line 2 is skipped, but counted
 * ])
 */
export function* splitLines(
  chunks: Iterable<string | Uint8Array>,
  options: SplitOptions = {},
): Generator<readonly SplitItem[], number, undefined> {
  const splitter = createLineSplitter(options);
  for (const chunk of chunks) {
    const batch = splitter.push(chunk);
    if (batch.length > 0) yield batch;
  }
  const rest = splitter.finish();
  if (rest.length > 0) yield rest;
  return splitter.linesSeen;
}

/**
 * `splitLines` for an async source (a Node stream, a `fetch` body reader…), with the
 * same rules and the same return value.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { createReadStream } from 'node:fs'
 * import { parseJsonLine, splitLinesAsync } from '@license-ledger/core'
 * const types: unknown[] = []
 * for await (const batch of splitLinesAsync(createReadStream('audit.ndjson'))) {
 *   for (const item of batch) {
 *     const parsed = 'text' in item ? parseJsonLine(item) : undefined
 *     if (parsed?.ok) types.push((parsed.value as { type: unknown }).type)
 *   }
 * }
 * assert.deepStrictEqual(types, ['LicensePurchased', 'InstallRequested', 'KesInstalled', 'Uninstalled'])
 */
export async function* splitLinesAsync(
  chunks: AsyncIterable<string | Uint8Array>,
  options: SplitOptions = {},
): AsyncGenerator<readonly SplitItem[], number, undefined> {
  const splitter = createLineSplitter(options);
  for await (const chunk of chunks) {
    const batch = splitter.push(chunk);
    if (batch.length > 0) yield batch;
  }
  const rest = splitter.finish();
  if (rest.length > 0) yield rest;
  return splitter.linesSeen;
}

/** The engine's syntax message quotes the input; it is cut to this length. */
const MAX_ENGINE_MESSAGE = 200;

// V8 quotes part of the input in its message; a stray CR there would break a one-line report.
const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]+/g, ' ');

/**
 * Parses one line as JSON without letting an exception escape (R-L1), and
 * refuses what `JSON.parse` lets through (R-L2, `jsonStructureProblem`): nesting
 * deeper than `MAX_JSON_DEPTH`, and a key repeated in one object.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { parseJsonLine } from '@license-ledger/core'
 * assert.deepStrictEqual(parseJsonLine({ line: 4, text: '{"a":1}' }), { ok: true, value: { a: 1 } })
 * parseJsonLine({ line: 5, text: '{"a":1,}' })
 * // { ok: false, message: 'not valid JSON: Expected double-quoted property name in JSON at position 7' }
 * // (the wording after the prefix is the JS engine's)
 * parseJsonLine({ line: 6, text: '{"id":"a","id":"b"}' })
 * // { ok: false, message: 'id: expected each key once per object, got it twice' }
 */
export function parseJsonLine(raw: RawLine): { ok: true; value: unknown } | { ok: false; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(raw.text) as unknown;
  } catch (error) {
    // Not `instanceof Error`, which fails for an error from another realm.
    const reason =
      typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
        ? error.message
        : String(error);
    return { ok: false, message: `not valid JSON: ${echo(oneLine(reason), MAX_ENGINE_MESSAGE)}` };
  }
  // Only objects and arrays can nest or repeat a key; a line that is a bare value has neither.
  if (typeof value !== 'object' || value === null) return { ok: true, value };
  const problem = jsonStructureProblem(raw.text);
  return problem === undefined ? { ok: true, value } : { ok: false, message: problem };
}
