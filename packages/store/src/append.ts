/**
 * One append: decided and written in one transaction, under the ledger's row lock.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { createReplayer, type DecodeOptions, type LedgerState, type RuleId } from '@license-ledger/core';
import { canonicalBody } from '@license-ledger/core/internal';
import { copyField, type Sql } from './backend/sql';
import type { AppendError, IdReused } from './errors';
import { ledgerAt } from './ledger-at';
import { decodeStored, type ValidEvent } from './stored-events';

/**
 * `expectedVersion`: the version the caller last saw (0 for a new ledger); the
 * append is refused with a `VersionConflict` when the ledger has moved on.
 * `'any'` appends whatever the version (one writer, such as an import).
 *
 * @since 0.1.0
 */
export interface AppendOptions {
  readonly expectedVersion: number | 'any';
}

/**
 * What became of one stored event, as replay reports it: applied, or rejected
 * by a rule (R-L3) and stored as a fact all the same.
 *
 * @since 0.1.0
 */
export type StoredEvent =
  | { readonly version: number; readonly eventId: string; readonly outcome: 'applied' }
  | {
      readonly version: number;
      readonly eventId: string;
      readonly outcome: 'rejected';
      readonly rule: RuleId;
      readonly message: string;
    };

/**
 * What an append did: the new version of the ledger, the events stored and the exact repeats skipped.
 *
 * @since 0.1.0
 */
export interface AppendResult {
  readonly ledgerId: string;
  /** The ledger's version after the append. */
  readonly version: number;
  /** The events written, in order (an exact repeat of a stored event is not written again). */
  readonly stored: readonly StoredEvent[];
  /** How many events were exact repeats of stored ones (R-L5), skipped. */
  readonly repeats: number;
}

/** The ledger state after `version` events, kept between appends (counts only, no histories). */
export interface CachedState {
  readonly version: number;
  readonly state: LedgerState;
}

/** A decided Left inside a transaction: thrown to roll back, caught by the caller. */
export class Refused extends Error {
  constructor(readonly error: AppendError) {
    super(error.message);
  }
}

/**
 * The NOTIFY channel appends signal on (payload: the ledger id), delivered at commit.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { EVENTS_CHANNEL } from '@license-ledger/store'
 * assert.deepStrictEqual(EVENTS_CHANNEL, 'license_ledger_events')
 */
export const EVENTS_CHANNEL = 'license_ledger_events';

const COLUMNS = ['ledger_id', 'version', 'event_id', 'type', 'body', 'outcome', 'rule', 'message'] as const;
/** Above this many rows an append writes with COPY rather than INSERT … unnest. */
const COPY_FROM = 200;
/**
 * Rows per COPY statement: a large append is written by several COPYs in its one transaction. PGlite
 * charges more per row for one very large COPY (its data goes through a blob in memory) than for
 * pieces of about this size; PostgreSQL charges the same either way.
 */
export const COPY_ROWS = 50_000;
/** Events decided between two turns of the event loop while a write is in flight (about 5–10 ms of rules). */
export const DECIDE_SLICE = 500;

const idReused = (ledgerId: string, eventId: string, storedVersion: number | null): IdReused => ({
  _tag: 'IdReused',
  ledgerId,
  eventId,
  storedVersion,
  message:
    storedVersion === null
      ? `event id ${eventId} appears twice in one append with different bodies (R-L5)`
      : `event id ${eventId} is already stored in ledger ${ledgerId} (version ${storedVersion}) with a different body (R-L5)`,
});

/** Drops exact repeats inside the batch; refuses the batch when one id has two bodies. */
export const distinctInBatch = (
  ledgerId: string,
  events: readonly ValidEvent[],
): E.Either<IdReused, { events: ValidEvent[]; repeats: number }> => {
  const seen = new Map<string, ValidEvent>();
  const out: ValidEvent[] = [];
  let repeats = 0;
  for (const item of events) {
    const id = item.event.id;
    const earlier = seen.get(id);
    if (earlier === undefined) {
      seen.set(id, item);
      out.push(item);
      continue;
    }
    if (canonicalBody(earlier.event) !== canonicalBody(item.event)) return E.left(idReused(ledgerId, id, null));
    repeats += 1;
  }
  return E.right({ events: out, repeats });
};

/**
 * Appends inside `tx`. Returns the result and the state after it; throws
 * {@link Refused} (to roll back) for a conflict or a reused id.
 *
 * @since 0.1.0
 */
export const appendIn = async (
  tx: Sql,
  ledgerId: string,
  batch: readonly ValidEvent[],
  options: AppendOptions,
  cachedState: (ledgerId: string) => CachedState | null,
  decode: DecodeOptions,
): Promise<{ result: AppendResult; after: CachedState | null }> => {
  const distinct = distinctInBatch(ledgerId, batch);
  if (E.isLeft(distinct)) throw new Refused(distinct.left);
  let { events, repeats } = distinct.right;

  await tx.query('INSERT INTO ledgers (ledger_id) VALUES ($1) ON CONFLICT (ledger_id) DO NOTHING', [ledgerId]);
  const locked = await tx.query<{ version: number }>('SELECT version FROM ledgers WHERE ledger_id = $1 FOR UPDATE', [
    ledgerId,
  ]);
  const current = Number(locked[0]?.version ?? 0);
  const cached = cachedState(ledgerId);

  if (current > 0 && events.length > 0) {
    const stored = await tx.query<{ event_id: string; version: number; body: string }>(
      'SELECT event_id, version, body FROM events WHERE ledger_id = $1 AND event_id = ANY($2::text[])',
      [ledgerId, events.map((e) => e.event.id)],
    );
    if (stored.length > 0) {
      const byId = new Map(stored.map((row) => [row.event_id, row]));
      const fresh: ValidEvent[] = [];
      for (const item of events) {
        const row = byId.get(item.event.id);
        if (row === undefined) {
          fresh.push(item);
          continue;
        }
        const before = decodeStored(Number(row.version), row.body, decode);
        if (!('event' in before) || canonicalBody(before.event) !== canonicalBody(item.event)) {
          throw new Refused(idReused(ledgerId, item.event.id, Number(row.version)));
        }
        repeats += 1;
      }
      events = fresh;
    }
  }

  // Nothing new (an empty append, or a retry of one that was written): a no-op whatever the version.
  if (events.length === 0) {
    return {
      result: { ledgerId, version: current, stored: [], repeats },
      after: cached?.version === current ? cached : null,
    };
  }
  if (options.expectedVersion !== 'any' && options.expectedVersion !== current) {
    throw new Refused({
      _tag: 'VersionConflict',
      ledgerId,
      expectedVersion: options.expectedVersion,
      actualVersion: current,
      message: `ledger ${ledgerId} is at version ${current}, not ${options.expectedVersion}: read it again and retry`,
    });
  }

  const base =
    cached !== null && cached.version === current
      ? cached.state
      : (await ledgerAt(tx, ledgerId, current, { history: 'none', decode })).state;
  const { stored, state } = decide(base, current, events);
  await insertEvents(tx, ledgerId, events, stored);
  const version = current + events.length;
  await tx.query(SET_VERSION, [ledgerId, version]);
  return { result: { ledgerId, version, stored, repeats }, after: { version, state } };
};

/** The ledger's new version, its projector checkpoint row and the notification, in one round trip. */
const SET_VERSION = `
  WITH moved AS (UPDATE ledgers SET version = $2 WHERE ledger_id = $1),
  checkpoint AS (INSERT INTO projector_checkpoints (ledger_id) VALUES ($1) ON CONFLICT (ledger_id) DO NOTHING)
  SELECT pg_notify('${EVENTS_CHANNEL}', $1)`;

/**
 * What the rules make of events appended at version `from`: each event's version and outcome, as replay
 * reports them (line = version).
 *
 * @since 0.4.0
 */
export interface Decision {
  readonly from: number;
  readonly stored: readonly StoredEvent[];
}

/** A {@link Decision} made on the state `base`, with the state after the events. */
export interface Decided extends Decision {
  readonly base: LedgerState;
  readonly state: LedgerState;
}

/**
 * The rules' decisions on `events` appended to `base`, the state after
 * `current` events: each event's version and outcome, as replay reports them.
 *
 * @since 0.2.0
 */
export const decide = (base: LedgerState, current: number, events: readonly ValidEvent[]): Decided => {
  // Every problem of the batch is kept: each names an event stored as rejected.
  const replayer = createReplayer({
    mode: 'lenient',
    history: 'none',
    from: base,
    maxProblems: Number.MAX_SAFE_INTEGER,
  });
  events.forEach((item, i) => replayer.push({ line: current + 1 + i, event: item.event }));
  const replayed = replayer.result();
  const rejected = new Map(replayed.problems.map((p) => [p.line as number, p]));
  const stored: StoredEvent[] = events.map((item, i) => {
    const version = current + 1 + i;
    const problem = rejected.get(version);
    return problem === undefined
      ? { version, eventId: item.event.id, outcome: 'applied' }
      : { version, eventId: item.event.id, outcome: 'rejected', rule: problem.rule, message: problem.message };
  });
  return { base, from: current, stored, state: replayed.state };
};

/**
 * Thrown inside {@link appendFast}'s transaction (rolling it back) when its
 * assumption failed: the ledger moved past the cached version, or an event's
 * id is already stored (a repeat, or an id reused). The careful path runs next.
 */
export class NotFast extends Error {}

/** Whether `error` is PostgreSQL's unique violation (SQLSTATE 23505): an id or a version already stored. */
export const isUniqueViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';

/** Claims the next versions if the ledger is still at `$2` (or new), keeps its checkpoint row, and notifies. */
const CLAIM_VERSIONS = `
  WITH ledger AS (
    INSERT INTO ledgers (ledger_id, version) VALUES ($1, $3)
    ON CONFLICT (ledger_id) DO UPDATE SET version = EXCLUDED.version WHERE ledgers.version = $2
    RETURNING 1),
  checkpoint AS (INSERT INTO projector_checkpoints (ledger_id) VALUES ($1) ON CONFLICT (ledger_id) DO NOTHING)`;

/**
 * The append of events new to the ledger, decided in memory beforehand on the
 * state this process holds at the ledger's version (`decide`, or a
 * `DecisionChain`, outside any transaction), then written without first
 * reading the ledger or looking its ids up. One statement claims the versions
 * only if the ledger is still at the cached version, writes the events (a small
 * batch in the same statement; a large one by COPY) and notifies; any stored id
 * or version (a unique violation) or a moved ledger rolls everything back with
 * {@link NotFast}, and the store runs the careful {@link appendIn} instead.
 * Round trips: BEGIN, one statement (+ COPY), COMMIT.
 *
 * @since 0.2.0
 */
export const appendFast = async (
  tx: Sql,
  ledgerId: string,
  events: readonly ValidEvent[],
  decided: Decision,
): Promise<AppendResult> => {
  const current = decided.from;
  const version = current + events.length;
  const { stored } = decided;
  if (events.length >= COPY_FROM) {
    const rows = await tx.query<{ ledger: number }>(
      `${CLAIM_VERSIONS} SELECT (SELECT count(*) FROM ledger)::int AS ledger, pg_notify('${EVENTS_CHANNEL}', $1)`,
      [ledgerId, current, version],
    );
    if (Number(rows[0]?.ledger) !== 1) throw new NotFast('the ledger moved');
    await copyEvents(tx, ledgerId, events, stored);
  } else {
    const rows = await tx.query<{ ledger: number; written: number }>(
      `${CLAIM_VERSIONS},
      written AS (
        INSERT INTO events (${COLUMNS.join(', ')})
        SELECT $1, * FROM unnest($4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[])
        ON CONFLICT DO NOTHING RETURNING 1)
      SELECT (SELECT count(*) FROM ledger)::int AS ledger, (SELECT count(*) FROM written)::int AS written,
        pg_notify('${EVENTS_CHANNEL}', $1)`,
      [ledgerId, current, version, ...eventColumns(events, stored)],
    );
    if (Number(rows[0]?.ledger) !== 1) throw new NotFast('the ledger moved');
    if (Number(rows[0]?.written) !== events.length) throw new NotFast('an event id is already stored');
  }
  return { ledgerId, version, stored, repeats: 0 };
};

/** The rows of `events` as the unnest arrays after the ledger id: version, event id, type, body, outcome, rule, message. */
const eventColumns = (events: readonly ValidEvent[], stored: readonly StoredEvent[]): unknown[] => [
  stored.map((s) => s.version),
  events.map((e) => e.event.id),
  events.map((e) => e.event.type),
  events.map((e) => e.body),
  stored.map((s) => s.outcome),
  stored.map((s) => (s.outcome === 'rejected' ? s.rule : null)),
  stored.map((s) => (s.outcome === 'rejected' ? s.message : null)),
];

const copyEvents = async (
  tx: Sql,
  ledgerId: string,
  events: readonly ValidEvent[],
  stored: readonly StoredEvent[],
): Promise<void> => {
  const ledger = copyField(ledgerId);
  for (let start = 0; start < events.length; start += COPY_ROWS) {
    const end = Math.min(events.length, start + COPY_ROWS);
    let text = '';
    for (let i = start; i < end; i++) {
      const item = events[i] as ValidEvent;
      const s = stored[i] as StoredEvent;
      const rejected = s.outcome === 'rejected';
      text += `${ledger}\t${s.version}\t${copyField(item.event.id)}\t${item.event.type}\t${copyField(item.body)}\t${s.outcome}\t${rejected ? copyField(s.rule) : '\\N'}\t${rejected ? copyField(s.message) : '\\N'}\n`;
    }
    await tx.copyIn('events', COLUMNS, text);
  }
};

const insertEvents = async (
  tx: Sql,
  ledgerId: string,
  events: readonly ValidEvent[],
  stored: readonly StoredEvent[],
): Promise<void> => {
  if (events.length >= COPY_FROM) {
    await copyEvents(tx, ledgerId, events, stored);
    return;
  }
  await tx.query(
    `INSERT INTO events (${COLUMNS.join(', ')})
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
    [ledgerId, ...eventColumns(events, stored)],
  );
};
