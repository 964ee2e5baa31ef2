import { decodeEvent, type DecodeOptions, formatIssues } from '../events/decode';
import type { LogEntry } from '../replay/replayer';
import { EventScanner } from '../events/scan';
import { parseJsonLine, type SplitItem } from './ndjson';

/** For single lines: no string sharing across calls. */
const plainScanner = new EventScanner(false);

const rawId = (value: unknown): string | null => {
  if (typeof value !== 'object' || value === null) return null;
  const id = (value as Record<string, unknown>)['id'];
  return typeof id === 'string' && id !== '' ? id : null;
};

/**
 * Turns one split line into a decoded event or a decode problem naming the line,
 * the field path and what was expected (R-L2).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLine } from '@license-ledger/core'
 * const entry = decodeLine({ line: 4, text: '{"type":"RecoveryRun","id":"e4","at":"2025-01-01T00:00:00Z"}' })
 * assert('event' in entry && entry.line === 4 && entry.event.id === 'e4')
 */
export const decodeLine = (item: SplitItem, options: DecodeOptions = {}): LogEntry =>
  decodeLineWith(item, options, plainScanner);

/** `decodeLine` with the fast scanner of a log (one per log: it remembers the log's field order). */
const decodeLineWith = (item: SplitItem, options: DecodeOptions, scanner: EventScanner): LogEntry => {
  if (!('text' in item)) return { line: item.line, problem: item.message, eventId: null };
  // The fast path yields exactly what JSON.parse and io-ts would, or nothing (src/events/scan.ts).
  const scanned = scanner.scan(item.text);
  if (scanned !== undefined) return { line: item.line, event: scanned };
  const parsed = parseJsonLine(item);
  if (!parsed.ok) return { line: item.line, problem: parsed.message, eventId: null };
  const decoded = decodeEvent(parsed.value, options);
  if (decoded._tag === 'Right') return { line: item.line, event: decoded.right };
  return { line: item.line, problem: formatIssues(decoded.left), eventId: rawId(parsed.value) };
};

/**
 * A batch's entries, pushed, so the array is packed whichever tier runs this: `batch.map` gave a packed
 * array from the builtin and a holey one once a generator calling it was optimized, mid-log, which threw
 * away the worker's compiled `EntryEncoder.encode` ("wrong map"; docs/performance.md, "Twenty-first session").
 */
const decodeBatch = (batch: readonly SplitItem[], options: DecodeOptions, scanner: EventScanner): LogEntry[] => {
  const entries: LogEntry[] = [];
  for (let i = 0; i < batch.length; i++) entries.push(decodeLineWith(batch[i] as SplitItem, options, scanner));
  return entries;
};

/**
 * Decodes batches of split lines (from `splitLines` or `openAuditLog`) batch by batch.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * const text = '{"type":"RecoveryRun","id":"e1","at":"2025-01-01T00:00:00Z"}\n{"type":"RecoveryRun","id":"e2"}\n'
 * const entries = [...decodeLog(splitLines([text]))].flat()
 * assert.equal(entries.length, 2)
 * const { stats, problems } = replay({ mode: 'lenient' })(entries)
 * assert.equal(stats.applied, 1)
 * assert.deepStrictEqual(problems.map((problem) => problem.line), [2]) // `at` is missing
 */
export function* decodeLog(
  batches: Iterable<readonly SplitItem[]>,
  options: DecodeOptions = {},
): Generator<readonly LogEntry[]> {
  const scanner = new EventScanner(options.shareIds ?? true);
  for (const batch of batches) yield decodeBatch(batch, options, scanner);
}

/**
 * {@link decodeLog} over an async source.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLogAsync, splitLinesAsync } from '@license-ledger/core'
 * async function* chunks() {
 *   yield '{"type":"RecoveryRun","id":"e1","at":"2025-01-01T00:00:00Z"}\n{"type":"Nope"}\n'
 * }
 * const entries = []
 * for await (const batch of decodeLogAsync(splitLinesAsync(chunks()))) entries.push(...batch)
 * assert.deepStrictEqual(entries.map((entry) => ('event' in entry ? entry.event.type : `line ${entry.line}: problem`)), ['RecoveryRun', 'line 2: problem'])
 */
export async function* decodeLogAsync(
  batches: AsyncIterable<readonly SplitItem[]>,
  options: DecodeOptions = {},
): AsyncGenerator<readonly LogEntry[]> {
  const scanner = new EventScanner(options.shareIds ?? true);
  for await (const batch of batches) yield decodeBatch(batch, options, scanner);
}
