/**
 * Events as the store keeps them: JSON text by version, decoded by core's codecs
 * on the way in and on the way out.
 *
 * @since 0.1.0
 */
import {
  decodeEvent,
  type DecodeOptions,
  formatIssues,
  type LedgerEvent,
  type LogEntry,
  parseJsonLine,
} from '@license-ledger/core';
import type { Sql } from './backend/sql';
import type { InvalidEvent } from './errors';

/** @since 0.1.0 @example const e: ValidEvent = { raw: {}, event, body: '{…}' } */
export interface ValidEvent {
  readonly event: LedgerEvent;
  /** The event as received, as JSON text: what is stored. */
  readonly body: string;
}

const idOf = (raw: unknown): string | null => {
  if (typeof raw !== 'object' || raw === null) return null;
  const id = (raw as Record<string, unknown>)['id'];
  return typeof id === 'string' && id !== '' ? id : null;
};

/**
 * Decodes every event of an append with the codecs (R-L2); all or nothing. An
 * event is a parsed JSON value, or its JSON text (a log's line: parsed as
 * `parseJsonLine` parses one, and stored exactly as given, no re-serializing).
 *
 * @since 0.1.0
 * @example validateEvents([{ type: 'RecoveryRun', id: 'e1', at: '2025-01-01T00:00:00Z' }]) // { valid: [ … ], invalid: [] }
 */
export const validateEvents = (
  raws: readonly unknown[],
  options: DecodeOptions = {},
): { valid: ValidEvent[]; invalid: InvalidEvent[] } => {
  const valid: ValidEvent[] = [];
  const invalid: InvalidEvent[] = [];
  raws.forEach((given, index) => {
    // An event given as its JSON text (a log's line) is parsed as a log line is, and stored as given.
    let raw = given;
    if (typeof given === 'string') {
      const parsed = parseJsonLine({ line: index + 1, text: given });
      if (!parsed.ok) {
        invalid.push({ index, eventId: null, message: parsed.message });
        return;
      }
      raw = parsed.value;
    }
    const decoded = decodeEvent(raw, options);
    if (decoded._tag === 'Left') invalid.push({ index, eventId: idOf(raw), message: formatIssues(decoded.left) });
    else valid.push({ event: decoded.right, body: typeof given === 'string' ? given : JSON.stringify(raw) });
  });
  return { valid, invalid };
};

/**
 * One stored event back as a replay input; its line is its version, so a
 * replay's problems name versions.
 *
 * @since 0.1.0
 * @example decodeStored(1, '{"type":"RecoveryRun","id":"e1","at":"2025-01-01T00:00:00Z"}') // { line: 1, event }
 */
export const decodeStored = (version: number, body: string, options: DecodeOptions = {}): LogEntry => {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return { line: version, problem: 'stored body is not valid JSON', eventId: null };
  }
  const decoded = decodeEvent(raw, options);
  return decoded._tag === 'Right'
    ? { line: version, event: decoded.right }
    : { line: version, problem: formatIssues(decoded.left), eventId: idOf(raw) };
};

/** @since 0.1.0 @example const r: ReadOptions = { fromVersion: 101, batchSize: 5000 } */
export interface ReadOptions {
  /** The first version to read (default 1). */
  readonly fromVersion?: number;
  /** The last version to read (default: the end). */
  readonly toVersion?: number;
  /** Events per query and per yielded batch (default 5 000). */
  readonly batchSize?: number;
  readonly decode?: DecodeOptions;
}

/**
 * Reads a ledger's events in version order, one query per batch (keyset paging),
 * as batches of replay inputs for `replayAsync`.
 *
 * @since 0.1.0
 * @example // await replayAsync()(readEvents(sql, 'acme'))
 */
export async function* readEvents(
  sql: Sql,
  ledgerId: string,
  options: ReadOptions = {},
): AsyncGenerator<readonly LogEntry[]> {
  const batchSize = options.batchSize ?? 5000;
  const last = options.toVersion ?? Number.MAX_SAFE_INTEGER;
  let next = options.fromVersion ?? 1;
  while (next <= last) {
    const rows = await sql.query<{ version: number; body: string }>(
      'SELECT version, body FROM events WHERE ledger_id = $1 AND version >= $2 AND version <= $3 ORDER BY version LIMIT $4',
      [ledgerId, next, last, batchSize],
    );
    if (rows.length === 0) return;
    yield rows.map((row) => decodeStored(Number(row.version), row.body, options.decode));
    next = Number(rows[rows.length - 1]?.version) + 1;
    if (rows.length < batchSize) return;
  }
}
