/**
 * The event store: many ledgers in one database, PGlite or PostgreSQL.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import type * as TE from 'fp-ts/TaskEither';
import {
  type DecodeOptions,
  emptyLedger,
  type LedgerState,
  type LogEntry,
  type Problem,
  type RuleId,
  type Upcaster,
} from '@license-ledger/core';
import {
  appendFast,
  appendIn,
  type AppendOptions,
  type AppendResult,
  type CachedState,
  decide,
  DECIDE_SLICE,
  distinctInBatch,
  isUniqueViolation,
  NotFast,
  Refused,
} from './append';
import { pgliteBackend } from './backend/pglite-backend';
import { postgresBackend } from './backend/postgres-backend';
import type { Backend } from './backend/sql';
import {
  type AppendError,
  type BadLedgerId,
  checkLedgerId,
  databaseError,
  type DatabaseError,
  type StoreError,
} from './errors';
import { DecisionChain } from './decision-chain';
import { processSeed } from './hash-seed';
import { type LedgerAt, ledgerAt } from './ledger-at';
import { migrate } from './migrate';
import {
  latestSnapshot,
  type SavedSnapshot,
  type SnapshotHistory,
  UnreadableSnapshot,
  writeSnapshot,
} from './snapshots';
import {
  appendBatchesWith,
  type AppendBatchesOptions,
  type AppendBatchesResult,
  type Premade,
  type Started,
} from './append-batches';
import { readEvents, type ReadOptions, validateEvents, type ValidEvent } from './stored-events';

/**
 * Options of `openStore`: upcasters for stored events of other versions, and how many ledger states to cache.
 *
 * @since 0.1.0
 */
export interface StoreOptions {
  /** Upcasters for stored events of other wire versions (see core's `decodeEvent`). */
  readonly upcasters?: ReadonlyMap<number, Upcaster>;
  /** How many ledgers' states the store keeps in memory between appends (default 64). */
  readonly cachedLedgers?: number;
}

/** A ledger's state with the problems of every stored event. @since 0.1.0 */
export interface Loaded extends LedgerAt {
  /** Every stored event the rules rejected, as replay reports it (line = version). */
  readonly problems: readonly Problem[];
}

/**
 * A ledger in the store: its id and its version (the number of events stored).
 *
 * @since 0.1.0
 */
export interface LedgerInfo {
  readonly ledgerId: string;
  readonly version: number;
}

/**
 * The store's API. Expected failures come back as values (`TaskEither`: call the
 * returned function, await the Either); only `read` throws, from inside its
 * iteration, when the database fails.
 *
 * @since 0.1.0
 */
export interface EventStore {
  readonly backend: Backend;
  /**
   * Appends events (wire format: the parsed JSON of audit-log lines, or the
   * lines themselves as strings, stored as given) in one
   * transaction: validated by core's codecs, checked against `expectedVersion`,
   * exact repeats skipped and reused ids refused (R-L5), each stored with what
   * replay makes of it (applied, or rejected with its rule).
   */
  append(
    ledgerId: string,
    events: readonly unknown[],
    options: AppendOptions,
  ): TE.TaskEither<AppendError, AppendResult>;
  /**
   * Appends a stream of batches (each as `append` takes its events), in order, each batch one append at
   * the version the previous one left (the first at `expectedVersion`): the same events, versions and
   * outcomes as calling `append` for each batch in turn, faster. While one batch is written, the next is
   * read, validated and decided on the state the write will leave (used only if the write went as
   * decided). Stops at the first batch refused (its error; the batches before it stay appended, as
   * `onAppended` reported them); with `invalid: 'skip'`, events the codecs refuse are left out of their
   * batch and reported with it rather than refusing it. What `license-ledger import` uses.
   *
   * @since 0.3.0
   */
  appendBatches(
    ledgerId: string,
    batches: AsyncIterable<readonly unknown[]> | Iterable<readonly unknown[]>,
    options: AppendBatchesOptions,
  ): TE.TaskEither<AppendError, AppendBatchesResult>;
  /** The number of events stored in a ledger (0 when it has none). */
  version(ledgerId: string): TE.TaskEither<BadLedgerId | DatabaseError, number>;
  /** Every ledger with its version, by id. */
  ledgers(): TE.TaskEither<DatabaseError, readonly LedgerInfo[]>;
  /** The events in version order, in batches, as replay inputs (`line` = version): feed them to `replayAsync`. */
  read(ledgerId: string, options?: ReadOptions): AsyncIterable<readonly LogEntry[]>;
  /** The latest snapshot with the histories asked for, plus the events after it, replayed. */
  load(ledgerId: string, options?: { readonly history?: SnapshotHistory }): TE.TaskEither<StoreError, Loaded>;
  /** Saves a snapshot of the ledger's current state (with histories unless `history: 'none'`). */
  saveSnapshot(
    ledgerId: string,
    options?: { readonly history?: SnapshotHistory },
  ): TE.TaskEither<StoreError, SavedSnapshot>;
  /** The newest snapshot, read back, or null when the ledger has none. */
  loadLatest(
    ledgerId: string,
    options?: { readonly history?: SnapshotHistory },
  ): TE.TaskEither<StoreError, { readonly version: number; readonly state: LedgerAt['state'] } | null>;
  /** The stored events the rules rejected (R-L3), as replay reports them. */
  problems(ledgerId: string): TE.TaskEither<BadLedgerId | DatabaseError, readonly Problem[]>;
  /** Closes the connection (or the embedded database); the store is unusable after. */
  close(): Promise<void>;
}

const unreadable = (error: unknown): StoreError =>
  error instanceof UnreadableSnapshot
    ? { _tag: 'SnapshotUnreadable', ledgerId: error.ledgerId, version: error.version, message: error.message }
    : databaseError(error);

const guarded =
  <A>(ledgerId: string, work: () => Promise<A>): TE.TaskEither<StoreError, A> =>
  async () => {
    const bad = checkLedgerId(ledgerId);
    if (bad !== null) return E.left(bad);
    try {
      return E.right(await work());
    } catch (error) {
      return E.left(unreadable(error));
    }
  };

/**
 * The store over a backend whose schema is migrated (see {@link openStore}).
 *
 * @since 0.1.0
 * @example
 * import { createStore, pgliteBackend } from '@license-ledger/store'
 * const store = createStore(await pgliteBackend(undefined))
 */
export const createStore = (backend: Backend, options: StoreOptions = {}): EventStore => {
  const decode: DecodeOptions = options.upcasters === undefined ? {} : { upcasters: options.upcasters };
  const limit = options.cachedLedgers ?? 64;
  const cache = new Map<string, CachedState>();
  const remember = (ledgerId: string, state: CachedState | null) => {
    cache.delete(ledgerId);
    if (state === null) return;
    cache.set(ledgerId, state);
    if (cache.size > limit) cache.delete(cache.keys().next().value as string);
  };

  const problemsOf = async (ledgerId: string): Promise<Problem[]> => {
    const rows = await backend.query<{ version: number; event_id: string; rule: RuleId; message: string }>(
      "SELECT version, event_id, rule, message FROM events WHERE ledger_id = $1 AND outcome = 'rejected' ORDER BY version",
      [ledgerId],
    );
    return rows.map((row) => ({
      line: Number(row.version),
      eventId: row.event_id,
      kind: 'rejected',
      rule: row.rule,
      message: row.message,
    }));
  };
  const versionOf = async (ledgerId: string): Promise<number> =>
    Number(
      (await backend.query<{ version: number }>('SELECT version FROM ledgers WHERE ledger_id = $1', [ledgerId]))[0]
        ?.version ?? 0,
    );

  /**
   * Starts writing `valid` (already validated) as one append. A `premade` decision (made on a
   * `DecisionChain` at the version expected) is written as it is if the ledger is still at its version;
   * without one, the usual append (a writer going on from what it appended last) is decided on the cached
   * state and written the same way. When the ledger moved or an id is already stored, nothing was
   * written and the careful path runs: it reads the ledger under its row lock and decides again.
   */
  const startAppend = (
    ledgerId: string,
    valid: readonly ValidEvent[],
    appendOptions: AppendOptions,
    premade: Premade | null,
  ): Started => {
    const cached = cache.get(ledgerId);
    const expected = appendOptions.expectedVersion;
    let lean: Premade | null = null;
    let after: LedgerState | null = null;
    if (premade !== null) {
      if (expected === 'any' || expected === premade.decided.from) lean = premade;
    } else if (cached !== undefined && (expected === 'any' || expected === cached.version)) {
      const distinct = distinctInBatch(ledgerId, valid);
      // Decided before the transaction opens: it holds nothing while the rules run.
      if (E.isRight(distinct) && distinct.right.events.length > 0) {
        const decided = decide(cached.state, cached.version, distinct.right.events);
        lean = { fresh: distinct.right, decided };
        after = decided.state;
      }
    }
    const done = async (): Promise<E.Either<AppendError, { result: AppendResult; asDecided: boolean }>> => {
      try {
        if (lean !== null) {
          const { fresh, decided } = lean;
          try {
            const result = await backend.transaction((tx) => appendFast(tx, ledgerId, fresh.events, decided));
            // A chain's decision comes without a state: the chain keeps it (appendBatches), not the cache.
            remember(ledgerId, after === null ? null : { version: result.version, state: after });
            return E.right({ result: { ...result, repeats: fresh.repeats }, asDecided: premade !== null });
          } catch (error) {
            if (!(error instanceof NotFast) && !isUniqueViolation(error)) throw error;
          }
        }
        const { result, after: careful } = await backend.transaction((tx) =>
          appendIn(tx, ledgerId, valid, appendOptions, (id) => cache.get(id) ?? null, decode),
        );
        remember(ledgerId, careful);
        return E.right({ result, asDecided: false });
      } catch (error) {
        if (error instanceof Refused) return E.left(error.error);
        remember(ledgerId, null);
        return E.left(databaseError(error));
      }
    };
    return { done: done() };
  };

  /** A chain from the cached state, or from an empty ledger when the ledger has no event (else null). */
  const chainAt = async (ledgerId: string, expected: number | 'any'): Promise<DecisionChain | null> => {
    const cached = cache.get(ledgerId);
    if (cached !== undefined)
      return expected === 'any' || expected === cached.version ? new DecisionChain(cached.state, cached.version) : null;
    if (expected !== 'any' && expected !== 0) return null;
    return (await versionOf(ledgerId)) === 0 ? new DecisionChain(emptyLedger({ hashSeed: processSeed() }), 0) : null;
  };

  return {
    backend,
    append: (ledgerId, events, appendOptions) => async () => {
      const bad = checkLedgerId(ledgerId);
      if (bad !== null) return E.left(bad);
      const { valid, invalid } = validateEvents(events, decode);
      if (invalid.length > 0) {
        const first = invalid[0] as (typeof invalid)[number];
        return E.left({
          _tag: 'InvalidEvents',
          ledgerId,
          events: invalid,
          message: `${invalid.length} of ${events.length} events are not valid (event ${first.index}${first.eventId === null ? '' : ` ${first.eventId}`}: ${first.message}); nothing was stored`,
        });
      }
      const done = await startAppend(ledgerId, valid, appendOptions, null).done;
      return E.isLeft(done) ? done : E.right(done.right.result);
    },
    appendBatches: (ledgerId, batches, batchOptions) => async () => {
      const bad = checkLedgerId(ledgerId);
      if (bad !== null) return E.left(bad);
      return appendBatchesWith(
        {
          validate: (raws) => validateEvents(raws, decode),
          chain: chainAt,
          start: startAppend,
          keep: remember,
          // The event loop gets a turn while the rules run only where a write in flight needs it (a server
          // connection); PGlite runs in this thread anyway.
          slice: backend.kind === 'postgres' ? DECIDE_SLICE : Number.MAX_SAFE_INTEGER,
          version: versionOf,
        },
        ledgerId,
        batches,
        batchOptions,
      );
    },
    version: (ledgerId) =>
      guarded(ledgerId, () => versionOf(ledgerId)) as TE.TaskEither<BadLedgerId | DatabaseError, number>,
    ledgers: () => async () => {
      try {
        const rows = await backend.query<{ ledger_id: string; version: number }>(
          'SELECT ledger_id, version FROM ledgers ORDER BY ledger_id',
        );
        return E.right(rows.map((row) => ({ ledgerId: row.ledger_id, version: Number(row.version) })));
      } catch (error) {
        return E.left(databaseError(error));
      }
    },
    read: (ledgerId, readOptions = {}) => readEvents(backend, ledgerId, { decode, ...readOptions }),
    load: (ledgerId, loadOptions = {}) =>
      guarded(ledgerId, async () => {
        // Version and problems first: events appended meanwhile come after the version read, and are left out.
        const version = await versionOf(ledgerId);
        const problems = (await problemsOf(ledgerId)).filter((p) => (p.line as number) <= version);
        const at = await ledgerAt(backend, ledgerId, version, { history: loadOptions.history ?? 'full', decode });
        return { ...at, problems };
      }),
    saveSnapshot: (ledgerId, snapshotOptions = {}) =>
      guarded(ledgerId, async () => {
        const history = snapshotOptions.history ?? 'full';
        const version = await versionOf(ledgerId);
        const at = await ledgerAt(backend, ledgerId, version, { history, decode });
        return writeSnapshot(backend, ledgerId, at.version, at.state, history);
      }),
    loadLatest: (ledgerId, latestOptions = {}) =>
      guarded(ledgerId, async () => {
        const latest = await latestSnapshot(backend, ledgerId, { history: latestOptions.history ?? 'none' });
        return latest === null ? null : { version: latest.version, state: latest.state };
      }),
    problems: (ledgerId) =>
      guarded(ledgerId, () => problemsOf(ledgerId)) as TE.TaskEither<BadLedgerId | DatabaseError, readonly Problem[]>,
    close: () => backend.close(),
  };
};

/**
 * Where the store lives: `postgres://…` (or `postgresql://…`) for a PostgreSQL
 * server; anything else is a directory for embedded PGlite (created when
 * missing), or `memory:` for a PGlite database that lives as long as the process.
 *
 * @since 0.1.0
 */
export type StoreLocation = string;

/**
 * Opens the store at `location`, applying any migration it lacks.
 *
 * @since 0.1.0
 * @example
 * import { openStore } from '@license-ledger/store'
 * const opened = await openStore('./ledger-store')()
 * if (opened._tag === 'Right') await opened.right.close()
 */
export const openStore =
  (location: StoreLocation, options: StoreOptions = {}): TE.TaskEither<DatabaseError, EventStore> =>
  async () => {
    let backend: Backend | null = null;
    try {
      backend = /^postgres(ql)?:\/\//.test(location)
        ? await postgresBackend(location)
        : await pgliteBackend(location === 'memory:' ? undefined : location);
      await migrate(backend);
      return E.right(createStore(backend, options));
    } catch (error) {
      await backend?.close().catch(() => undefined);
      return E.left(databaseError(error));
    }
  };
