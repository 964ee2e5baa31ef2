/**
 * Events as the store keeps them: JSON text by version, decoded by core's codecs
 * on the way in and on the way out.
 *
 * @since 0.1.0
 */
import {
  decodeEvent,
  decodeLine,
  type DecodeOptions,
  formatIssues,
  type LedgerEvent,
  type LogEntry,
} from '@license-ledger/core';
import type { Sql } from './backend/sql';
import type { InvalidEvent } from './errors';

/** @since 0.1.0 */
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
 * event is a parsed JSON value, or its JSON text (a log's line: decoded as
 * `decodeLine` decodes one, and stored exactly as given, no re-serializing).
 *
 * @since 0.1.0
 */
export const validateEvents = (
  raws: readonly unknown[],
  options: DecodeOptions = {},
): { valid: ValidEvent[]; invalid: InvalidEvent[] } => {
  const valid: ValidEvent[] = [];
  const invalid: InvalidEvent[] = [];
  raws.forEach((given, index) => {
    if (typeof given === 'string') {
      const text = given;
      // An event given as its JSON text (a log's line) is decoded as a log's line is (core's fast scanner, else
      // JSON and the codecs: the same events and messages), and stored as given.
      const entry = decodeLine({ line: index + 1, text }, options);
      if ('event' in entry) valid.push({ event: entry.event, body: text });
      else invalid.push({ index, eventId: entry.eventId ?? null, message: entry.problem });
      return;
    }
    const decoded = decodeEvent(given, options);
    if (decoded._tag === 'Left') invalid.push({ index, eventId: idOf(given), message: formatIssues(decoded.left) });
    else valid.push({ event: decoded.right, body: JSON.stringify(given) });
  });
  return { valid, invalid };
};

/**
 * One stored event back as a replay input; its line is its version, so a
 * replay's problems name versions.
 *
 * @since 0.1.0
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

/**
 * Where to start reading stored events and how many to fetch at a time.
 *
 * @since 0.1.0
 */
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
