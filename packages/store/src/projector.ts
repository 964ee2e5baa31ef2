/**
 * The live projection: per ledger and pool, the Install/Remove and License
 * Manager counts in `pool_counts` and the rejected events in `ledger_problems`,
 * written in the same transaction as the ledger's checkpoint.
 *
 * @since 0.1.0
 */
import {
  createReplayer,
  type DecodeOptions,
  formatInstant,
  type LedgerState,
  type Problem,
} from '@license-ledger/core';
import { EVENTS_CHANNEL } from './append';
import type { Backend, Sql } from './backend/sql';
import { ledgerAt } from './ledger-at';
import { type PoolCountsRow, poolCountsRows, sameCounts } from './pool-rows';
import { decodeStored } from './stored-events';

/**
 * The NOTIFY channel a projector signals on after each batch (payload
 * `ledgerId:version`, delivered at commit).
 *
 * @since 0.1.0
 * @example PROJECTED_CHANNEL // 'license_ledger_projected'
 */
export const PROJECTED_CHANNEL = 'license_ledger_projected';

/** One batch of one ledger, as a projector processed it. @since 0.1.0 @example const b: ProjectedBatch['toVersion'] = 100 */
export interface ProjectedBatch {
  readonly ledgerId: string;
  /** The first version of the batch. */
  readonly fromVersion: number;
  /** The checkpoint after it. */
  readonly toVersion: number;
  /** Pools whose counts changed. */
  readonly pools: number;
}

/** @since 0.1.0 @example const o: ProjectorOptions = { batchSize: 1000 } */
export interface ProjectorOptions {
  /** Events per transaction (default 2 000). */
  readonly batchSize?: number;
  /** How often to look for work when no notification comes (default 1 000 ms); notifications wake it at once. */
  readonly pollMs?: number;
  readonly decode?: DecodeOptions;
  /** Called inside the batch's transaction, after its writes and before its commit. */
  readonly beforeCommit?: (batch: ProjectedBatch) => Promise<void> | void;
  /** Called after each committed batch. */
  readonly onBatch?: (batch: ProjectedBatch) => void;
  /** Called when a batch fails (the database is down…): the projector waits and tries again. */
  readonly onError?: (error: unknown) => void;
}

/** @since 0.1.0 @example // projector.start(); …; await projector.stop() */
export interface Projector {
  /** Runs until {@link Projector.stop}: processes what is there, then waits for notifications (or polls). */
  start(): void;
  /** Processes batches until no ledger it can take is behind; resolves to the number of events processed. */
  catchUp(): Promise<number>;
  stop(): Promise<void>;
}

interface Held {
  readonly version: number;
  readonly state: LedgerState;
  readonly counts: ReadonlyMap<string, PoolCountsRow>;
}

/** Claims one ledger that is behind (its checkpoint row locked until commit) and reads its next events, in one round trip. */
const CLAIM = `
  WITH claim AS (
    SELECT c.ledger_id, c.version
    FROM projector_checkpoints c JOIN ledgers l ON l.ledger_id = c.ledger_id
    WHERE l.version > c.version
    ORDER BY c.updated_at
    LIMIT 1
    FOR UPDATE OF c SKIP LOCKED)
  SELECT claim.ledger_id, claim.version AS checkpoint, e.version, e.body
  FROM claim LEFT JOIN LATERAL (
    SELECT version, body FROM events WHERE ledger_id = claim.ledger_id AND version > claim.version ORDER BY version LIMIT $1
  ) e ON true
  ORDER BY e.version`;

/**
 * A batch's writes in one round trip: the changed pools' counts, the problems,
 * the checkpoint, and the notification. The transaction commits without
 * waiting for its WAL to reach the disk (`synchronous_commit` off, for this
 * transaction only): all it writes is derived from the events, which are
 * durable, and counts and checkpoint commit or vanish together, so a server
 * crash that loses the last batches only makes the projector do them again.
 */
const WRITE_BATCH = `
  WITH counts AS (
    INSERT INTO pool_counts (ledger_id, pool_id, module, version, expired, applied, partial, pending_installs, extended, other, unused, used, max, groups)
    SELECT $1, pool_id, module, $2, expired, applied, partial, pending_installs, extended, other, unused, used, max, groups
    FROM unnest($5::text[], $6::text[], $7::int[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::text[])
      AS c (pool_id, module, expired, applied, partial, pending_installs, extended, other, unused, used, max, groups)
    ON CONFLICT (ledger_id, pool_id) DO UPDATE SET
      module = EXCLUDED.module, version = EXCLUDED.version, expired = EXCLUDED.expired, applied = EXCLUDED.applied,
      partial = EXCLUDED.partial, pending_installs = EXCLUDED.pending_installs, extended = EXCLUDED.extended, other = EXCLUDED.other,
      unused = EXCLUDED.unused, used = EXCLUDED.used, max = EXCLUDED.max, groups = EXCLUDED.groups),
  problems AS (
    INSERT INTO ledger_problems (ledger_id, version, event_id, rule, message)
    SELECT $1, * FROM unnest($17::bigint[], $18::text[], $19::text[], $20::text[])),
  moved AS (
    UPDATE projector_checkpoints SET version = $2, as_of = $3, updated_at = clock_timestamp() WHERE ledger_id = $1 RETURNING ledger_id)
  SELECT pg_notify('${PROJECTED_CHANNEL}', $4), set_config('synchronous_commit', 'off', true) FROM moved`;

const writeBatch = async (
  tx: Sql,
  ledgerId: string,
  version: number,
  asOf: string | null,
  rows: readonly PoolCountsRow[],
  problems: readonly Problem[],
): Promise<void> => {
  const col = <K extends keyof PoolCountsRow>(key: K) => rows.map((row) => row[key]);
  await tx.query(WRITE_BATCH, [
    ledgerId,
    version,
    asOf,
    `${ledgerId}:${version}`,
    col('poolId'),
    col('module'),
    col('expired'),
    col('applied'),
    col('partial'),
    col('pendingInstalls'),
    col('extended'),
    col('other'),
    col('unused'),
    col('used'),
    col('max'),
    col('groups'),
    problems.map((p) => p.line),
    problems.map((p) => p.eventId),
    problems.map((p) => p.rule),
    problems.map((p) => p.message),
  ]);
};

/** What the projection holds for one ledger. @since 0.1.0 @example const p: Projected['version'] = 120 */
export interface Projected {
  readonly ledgerId: string;
  /** Events projected so far (the checkpoint). */
  readonly version: number;
  /** The ledger's clock after them, ISO-8601 UTC; null before any event. */
  readonly asOf: string | null;
  /** By pool id. */
  readonly pools: readonly PoolCountsRow[];
}

/**
 * Reads a ledger's projected counts and checkpoint in one consistent query.
 *
 * @since 0.1.0
 * @example const projected = await projectedCounts(store.backend, 'acme')
 */
export const projectedCounts = async (sql: Sql, ledgerId: string): Promise<Projected> => {
  const rows = await sql.query<Record<string, unknown>>(
    `SELECT c.version AS checkpoint, c.as_of, p.pool_id, p.module, p.expired, p.applied, p.partial, p.pending_installs, p.extended, p.other, p.unused, p.used, p.max, p.groups
     FROM projector_checkpoints c LEFT JOIN pool_counts p ON p.ledger_id = c.ledger_id
     WHERE c.ledger_id = $1 ORDER BY p.pool_id`,
    [ledgerId],
  );
  const first = rows[0];
  return {
    ledgerId,
    version: first === undefined ? 0 : Number(first['checkpoint']),
    asOf: (first?.['as_of'] as string | null | undefined) ?? null,
    pools: rows
      .filter((row) => row['pool_id'] !== null)
      .map((row) => ({
        poolId: row['pool_id'] as string,
        module: row['module'] as string,
        expired: Number(row['expired']),
        applied: Number(row['applied']),
        partial: Number(row['partial']),
        pendingInstalls: Number(row['pending_installs']),
        extended: Number(row['extended']),
        other: Number(row['other']),
        unused: Number(row['unused']),
        used: Number(row['used']),
        max: Number(row['max']),
        groups: row['groups'] as string,
      })),
  };
};

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A projector over `backend`. Several may run at once, in one process or many:
 * each batch holds its ledger's checkpoint row locked (`FOR UPDATE SKIP LOCKED`),
 * so two never process one ledger at once, and the counts, the problems and the
 * checkpoint commit together, so a crash loses or repeats nothing.
 *
 * @since 0.1.0
 * @example
 * const projector = createProjector(store.backend)
 * await projector.catchUp()
 */
export const createProjector = (backend: Backend, options: ProjectorOptions = {}): Projector => {
  const batchSize = options.batchSize ?? 2000;
  const pollMs = options.pollMs ?? 1000;
  const decode = options.decode ?? {};
  const held = new Map<string, Held>();
  let running: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  let pending = false;

  const signal = () => {
    pending = true;
    wake?.();
  };

  /** One batch of one ledger; the number of events processed (0: nothing to take). */
  const step = async (): Promise<number> => {
    let claimed: string | null = null;
    try {
      const done = await backend.transaction(async (tx) => {
        const claimedRows = await tx.query<{
          ledger_id: string;
          checkpoint: number;
          version: number | null;
          body: string | null;
        }>(CLAIM, [batchSize]);
        const claim = claimedRows[0];
        if (claim === undefined) return null;
        const ledgerId = claim.ledger_id;
        claimed = ledgerId;
        const checkpoint = Number(claim.checkpoint);
        const rows = claimedRows.filter((row) => row.version !== null) as { version: number; body: string }[];
        const mine = held.get(ledgerId);
        const start: Held =
          mine !== undefined && mine.version === checkpoint
            ? mine
            : {
                version: checkpoint,
                state: (await ledgerAt(tx, ledgerId, checkpoint, { history: 'none', decode })).state,
                counts: new Map(),
              };
        const replayer = createReplayer({
          mode: 'lenient',
          history: 'none',
          from: start.state,
          maxProblems: Number.MAX_SAFE_INTEGER,
        });
        for (const row of rows) replayer.push(decodeStored(Number(row.version), row.body, decode));
        const { state, problems } = replayer.result();
        const version = checkpoint + rows.length;
        const counts = new Map(poolCountsRows(state).map((row) => [row.poolId, row]));
        const changed = [...counts.values()].filter((row) => {
          const before = start.counts.get(row.poolId);
          return before === undefined || !sameCounts(before, row);
        });
        await writeBatch(
          tx,
          ledgerId,
          version,
          state.clock === null ? null : formatInstant(state.clock),
          changed,
          problems,
        );
        const batch: ProjectedBatch = {
          ledgerId,
          fromVersion: checkpoint + 1,
          toVersion: version,
          pools: changed.length,
        };
        await options.beforeCommit?.(batch);
        return { batch, next: { version, state, counts } satisfies Held };
      });
      if (done === null) return 0;
      held.set(done.batch.ledgerId, done.next);
      options.onBatch?.(done.batch);
      return done.batch.toVersion - done.batch.fromVersion + 1;
    } catch (error) {
      // Whatever this projector held of the ledger may be ahead of the database now.
      if (claimed !== null) held.delete(claimed);
      throw error;
    }
  };

  const catchUp = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await step();
      if (n === 0) return total;
      total += n;
    }
  };

  const loop = async (): Promise<void> => {
    const unlisten = await backend.listen(EVENTS_CHANNEL, signal, signal).catch(() => null);
    let failures = 0;
    while (!stopping) {
      pending = false;
      try {
        await catchUp();
        failures = 0;
      } catch (error) {
        options.onError?.(error);
        failures += 1;
        await sleep(Math.min(2000, 50 * 2 ** Math.min(failures, 6)));
        continue;
      }
      if (stopping) break;
      if (!pending) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pollMs);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
    await unlisten?.();
  };

  return {
    start() {
      if (running !== null) return;
      stopping = false;
      running = loop();
    },
    catchUp,
    async stop() {
      stopping = true;
      wake?.();
      await running;
      running = null;
    },
  };
};
