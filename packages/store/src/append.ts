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

const COLUMNS = ['ledger_id', 'version', 'event_id', 'type', 'body', 'outcome', 'rule', 'message'] as const;
/** Above this many rows an append writes with COPY rather than INSERT … unnest. */
const COPY_FROM = 200;

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
const distinctInBatch = (
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
  await insertEvents(tx, ledgerId, events, stored);
  const version = current + events.length;
  await tx.query('UPDATE ledgers SET version = $2 WHERE ledger_id = $1', [ledgerId, version]);
  await tx.query('INSERT INTO projector_checkpoints (ledger_id) VALUES ($1) ON CONFLICT (ledger_id) DO NOTHING', [
    ledgerId,
  ]);
  await tx.query(`SELECT pg_notify('${EVENTS_CHANNEL}', $1)`, [`${ledgerId}`]);
  return { result: { ledgerId, version, stored, repeats }, after: { version, state: replayed.state } };
};

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

const insertEvents = async (
  tx: Sql,
  ledgerId: string,
  events: readonly ValidEvent[],
  stored: readonly StoredEvent[],
): Promise<void> => {
  if (events.length >= COPY_FROM) {
    const lines: string[] = [];
    events.forEach((item, i) => {
      const s = stored[i] as StoredEvent;
      const rejected = s.outcome === 'rejected';
      lines.push(
        `${copyField(ledgerId)}\t${s.version}\t${copyField(item.event.id)}\t${item.event.type}\t${copyField(item.body)}\t${s.outcome}\t${rejected ? copyField(s.rule) : '\\N'}\t${rejected ? copyField(s.message) : '\\N'}\n`,
      );
    });
    await tx.copyIn('events', COLUMNS, lines.join(''));
    return;
  }
  await tx.query(
    `INSERT INTO events (${COLUMNS.join(', ')})
     SELECT $1, * FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[])`,
    [
      ledgerId,
      stored.map((s) => s.version),
      events.map((e) => e.event.id),
      events.map((e) => e.event.type),
      events.map((e) => e.body),
      stored.map((s) => s.outcome),
      stored.map((s) => (s.outcome === 'rejected' ? s.rule : null)),
      stored.map((s) => (s.outcome === 'rejected' ? s.message : null)),
    ],
  );
};
