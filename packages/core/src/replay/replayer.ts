import * as E from 'fp-ts/Either';
import type { HashSeed } from '../collections/hash-seed';
import type { PersistentMap } from '../collections/persistent-map';
import { claimedId, eventProblem } from '../events/check-event';
import { attachedDigestWords, decodedEventOf } from '../ledger/body-digest';
import type { LedgerEvent } from '../events/ledger-event';
import type { Instant } from '../time/instant';
import type { LedgerState } from '../state/ledger-state';
import type { RuleId } from '../state/rules';
import type { Pool } from '../state/pool';
import type { Svm } from '../state/svm';
import { beforeClockError, type QueryError } from '../query/query-error';
import { advanceTo, applyToDraft } from '../ledger/apply';
import { Draft, emptyLedger, type PoolObserver } from '../ledger/draft';

/**
 * One line of an audit log after decoding: the event, or why it is not one (R-L2).
 *
 * @since 0.1.0
 */
export type LogEntry =
  | { readonly line: number; readonly event: LedgerEvent }
  | { readonly line: number; readonly problem: string; readonly eventId?: string | null };

/** An event on its own, or a decoded log line. @since 0.1.0 */
export type ReplayInput = LedgerEvent | LogEntry;

/**
 * A decode error or a rejected event, with where it is and the rule behind it (docs/report-json.md `problems`).
 *
 * @since 0.1.0
 */
export interface Problem {
  readonly line: number | null;
  readonly eventId: string | null;
  readonly kind: 'decode' | 'rejected';
  readonly rule: RuleId;
  readonly message: string;
}

/**
 * Counts of a replay: events read, applied, skipped as duplicates, rejected, and lines that did not decode.
 *
 * @since 0.1.0
 */
export interface ReplayStats {
  readonly read: number;
  readonly applied: number;
  readonly skippedDuplicates: number;
  readonly rejected: number;
  readonly decodeErrors: number;
}

/**
 * `strict` stops at the first problem; `lenient` reports every problem and goes on (R-L4).
 *
 * @since 0.1.0
 */
export type ReplayMode = 'strict' | 'lenient';

/**
 * Options of a replay: strict or lenient, where to stop, the state to start from, the hash seed, the problem limit.
 *
 * @since 0.1.0
 */
export interface ReplayOptions {
  readonly mode?: ReplayMode;
  /** Stop before the first event later than this instant; it and everything after are neither applied nor reported. */
  readonly until?: Instant;
  /** Start from this state instead of an empty ledger (a snapshot). */
  readonly from?: LedgerState;
  /**
   * The hash seed of the empty ledger a replay without `from` starts with (see
   * `emptyLedger`): pass a random one for logs you do not trust. Ignored with `from`.
   */
  readonly hashSeed?: HashSeed;
  /**
   * `full` (the default) records every license's and machine's history, which
   * explanations read; `none` records none, for counts only: the state then grows
   * by the event-id map alone (see docs/performance.md).
   */
  readonly history?: 'full' | 'none';
  /**
   * How many problems the result keeps, in line order (default
   * `DEFAULT_MAX_PROBLEMS`); the rest are counted in `problemsNotKept`, and in
   * `stats` as ever, so a log with millions of bad lines replays in bounded memory.
   */
  readonly maxProblems?: number;
  /**
   * Told of every pool change as the replay makes it, with its instant: events
   * and the time-driven changes between them (see {@link PoolObserver}). One
   * replay then gives the counts' whole history, not just their last values.
   *
   * @since 0.2.0
   */
  readonly onPoolChange?: PoolObserver;
  /**
   * About how many events the replay will apply, when the caller can tell (a
   * log's size in bytes over its typical line, say): the table of applied event
   * ids (R-L5) then makes room for them once, at the start, instead of growing
   * step by step as they come, each step placing every id held again. A hint
   * only: any number of events may follow, and room not used costs ~6 bytes
   * per event. An integer ≥ 0, at most what the table can hold (~750 million
   * ids): `createReplayer` throws a `RangeError` otherwise.
   *
   * @since 0.6.0
   * @example
   * import assert from 'node:assert/strict'
   * import { decodeLine, replay } from '@license-ledger/core'
   * const line = '{"type":"LicensePurchased","id":"p1","at":"2025-01-01T00:00:00Z","poolId":"kes","module":"KES","quantity":1}'
   * const { stats } = replay({ expectedEvents: 1_000_000 })([decodeLine({ line: 1, text: line })])
   * assert.deepStrictEqual(stats.applied, 1)
   */
  readonly expectedEvents?: number;
}

/**
 * Problems a replay keeps by default: 100 000 (a few tens of MB at most).
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { DEFAULT_MAX_PROBLEMS } from '@license-ledger/core'
 * assert.deepStrictEqual(DEFAULT_MAX_PROBLEMS, 100000)
 */
export const DEFAULT_MAX_PROBLEMS = 100_000;

/**
 * What a replay returns: the final state, its counts, the problems (line, rule, message), and why it stopped early, if it did.
 *
 * @since 0.1.0
 */
export interface ReplayResult {
  readonly state: LedgerState;
  readonly stats: ReplayStats;
  readonly problems: readonly Problem[];
  /** Problems found after `maxProblems` were kept: counted, not listed (0 when all are listed). */
  readonly problemsNotKept: number;
  /** Why the replay stopped before the end of its input, if it did. */
  readonly stoppedBy: null | 'strict' | 'until';
}

/**
 * What the counts of a replay are read from, without the rest of its state
 * ({@link Replayer.view}): the pools (Install/Remove and License Manager counts),
 * the SVMs (key status), the instant they stand at, and the replay's counts and
 * problems as {@link ReplayResult} has them. Pass it where a view reads a state's
 * pools or SVMs (`listPools`, `installRemoveCounts`, `keyStatus`, …). Deeply
 * frozen (F9), and no later push changes it.
 *
 * @since 0.6.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { createReplayer, decodeLine, listPools, type ReplayView } from '@license-ledger/core'
 * const replayer = createReplayer()
 * replayer.push(decodeLine({ line: 1, text: '{"type":"LicensePurchased","id":"p1","at":"2025-01-01T00:00:00Z","poolId":"kes","module":"KES","quantity":3}' }))
 * const view: ReplayView = E.getOrElseW(() => assert.fail())(replayer.view())
 * assert.deepStrictEqual(listPools(view).map((pool) => [pool.poolId, pool.max]), [['kes', 3]])
 */
export interface ReplayView {
  /** The instant the pools and SVMs stand at: the clock of the replay, or the later one asked for. */
  readonly clock: Instant | null;
  readonly pools: PersistentMap<Pool>;
  readonly svms: PersistentMap<Svm>;
  readonly stats: ReplayStats;
  readonly problems: readonly Problem[];
  /** As in {@link ReplayResult}. */
  readonly problemsNotKept: number;
  /** As in {@link ReplayResult}. */
  readonly stoppedBy: ReplayResult['stoppedBy'];
}

/**
 * What became of one input pushed into a {@link Replayer}, as {@link Replayer.result} counts and reports it:
 * `applied`, `duplicate` (an exact repeat, skipped: R-L5), `rejected` by a rule (R-L3) or not an event
 * (`decode`, R-L2), each of these two with the very {@link Problem} `result().problems` lists for it (kept or
 * not, see `maxProblems`); `stopped` when the input was not read (past `until`, or the replay had stopped).
 *
 * @since 0.4.0
 */
export type PushOutcome =
  | { readonly kind: 'applied' | 'duplicate' | 'stopped' }
  | { readonly kind: 'rejected' | 'decode'; readonly problem: Problem };

const APPLIED: PushOutcome = Object.freeze({ kind: 'applied' });
const DUPLICATE: PushOutcome = Object.freeze({ kind: 'duplicate' });
const STOPPED: PushOutcome = Object.freeze({ kind: 'stopped' });

/**
 * A replay fed one input at a time, for logs that arrive in pieces. It keeps one
 * draft for the whole replay so each event costs about as much as a mutable map
 * update, and hands out immutable states from {@link Replayer.result}.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { createReplayer } from '@license-ledger/core'
 * const replayer = createReplayer({ mode: 'lenient' })
 * // for (const entry of entries) if (!replayer.push(entry)) break
 * assert.deepStrictEqual(replayer.result().stats.read, 0)
 */
export interface Replayer {
  /** Applies one input; false once the replay has stopped (strict problem, or past `until`). */
  push(input: ReplayInput): boolean;
  /**
   * Applies the inputs in order, as many {@link push} calls would, and stops
   * after the first input the replay stops at (a strict problem, or the first
   * event past `until`): the inputs after it are not read. Returns what `push`
   * returned for the last input pushed: false once the replay has stopped (so
   * also for an empty batch pushed after it stopped), else true. Outcomes,
   * `result()` and `lastOutcome()` are exactly as after those `push` calls:
   * `lastOutcome()` is the outcome of the last input pushed (the one the replay
   * stopped at, or the batch's last), unchanged by an empty batch.
   *
   * Faster than `push` one by one for log entries from the log decoders
   * (`openDecodedAuditLog`): it reads ahead, a window of entries at a time, the
   * machine and license records their events will read, so that the cache
   * misses of a whole window overlap (the fold of the 1M-event benchmark log
   * ~10–13 % faster, measured in place: docs/performance.md, "Twenty-second
   * session: the fold reads ahead"). Read ahead are only entries those decoders
   * made, whose events are frozen plain fields; any other input is pushed with
   * no extra read of it.
   *
   * @since 0.6.0
   * @example
   * import assert from 'node:assert/strict'
   * import { createReplayer, decodeLine } from '@license-ledger/core'
   * const lines = [
   *   '{"type":"LicensePurchased","id":"p1","at":"2025-01-01T00:00:00Z","poolId":"kes","module":"KES","quantity":1}',
   *   '{"type":"Returned","id":"r1","at":"2025-01-02T00:00:00Z","poolId":"kes","machineId":"m1"}',
   *   '{"type":"LicensePurchased","id":"p2","at":"2025-01-03T00:00:00Z","poolId":"kes","module":"KES","quantity":1}',
   * ]
   * const replayer = createReplayer({ mode: 'strict' })
   * assert.equal(replayer.pushAll(lines.map((text, i) => decodeLine({ line: i + 1, text }))), false)
   * assert.deepStrictEqual(replayer.lastOutcome()?.kind, 'rejected') // line 2 stopped the replay; line 3 was not read
   * assert.deepStrictEqual(replayer.result().stats.read, 2)
   */
  pushAll(inputs: readonly ReplayInput[]): boolean;
  /** The replay so far. Pushing more afterwards is allowed. */
  result(): ReplayResult;
  /**
   * What became of the input pushed last (null before the first push), without handing out a state: a
   * caller that needs every event's outcome reads it after each push and takes `result()` once, at the
   * end (each state handed out makes the replay after it slower: docs/performance.md).
   *
   * @since 0.4.0
   * @example
   * import assert from 'node:assert/strict'
   * import { createReplayer, decodeLine } from '@license-ledger/core'
   * const replayer = createReplayer({ mode: 'lenient' })
   * replayer.push(decodeLine({ line: 1, text: '{"type":"LicensePurchased","id":"p1","at":"2025-01-01T00:00:00Z","poolId":"kes","module":"KES","quantity":1}' }))
   * assert.deepStrictEqual(replayer.lastOutcome(), { kind: 'applied' })
   * replayer.push(decodeLine({ line: 2, text: '{"type":"Returned","id":"r1","at":"2025-01-02T00:00:00Z","poolId":"kes","machineId":"m1"}' }))
   * const outcome = replayer.lastOutcome()
   * assert(outcome !== null && outcome.kind === 'rejected')
   * assert.deepStrictEqual([outcome.problem.line, outcome.problem.eventId], [2, 'r1'])
   */
  lastOutcome(): PushOutcome | null;
  /**
   * The replay so far as its counts are read ({@link ReplayView}), without
   * building and freezing the rest of a state: every machine, license, end and
   * agenda entry stays inside the replayer, which is what makes it cheaper than
   * {@link result} after a large log (docs/performance.md, "Twenty-second
   * session"). The counts are those of `result().state`. With `asOf` (at or after
   * the replay's clock), they are those of `advanceTo(asOf)` of that state: the
   * changes due by then (R-T4) happen in the view only, through a whole state
   * when there are any (as costly as {@link result} then); the replay stays where
   * it stood, and the replay's `onPoolChange` is not told of them. An `asOf`
   * before the clock is a `Left` (`before-clock`), as with `advanceTo`. Pushing
   * more afterwards is allowed and changes nothing handed out.
   *
   * @since 0.6.0
   * @example
   * import assert from 'node:assert/strict'
   * import * as E from 'fp-ts/lib/Either.js'
   * import { createReplayer, decodeLine, formatInstant, parseInstant } from '@license-ledger/core'
   * const replayer = createReplayer()
   * replayer.push(decodeLine({ line: 1, text: '{"type":"LicensePurchased","id":"p1","at":"2025-01-01T00:00:00Z","poolId":"kes","module":"KES","quantity":3}' }))
   * const later = replayer.view(parseInstant('2026-01-01T00:00:00Z')!)
   * assert(E.isRight(later))
   * assert.equal(formatInstant(later.right.clock!), '2026-01-01T00:00:00Z')
   * assert.equal(later.right.stats.applied, 1)
   * const earlier = replayer.view(parseInstant('2024-01-01T00:00:00Z')!)
   * assert(E.isLeft(earlier) && earlier.left.kind === 'before-clock')
   */
  view(asOf?: Instant): E.Either<QueryError, ReplayView>;
}

const isEvent = (input: ReplayInput): input is LedgerEvent => 'type' in input;

/**
 * How many inputs {@link Replayer.pushAll} reads ahead at a time. Measured on the
 * 1M-event log: 16 and 32 alike, 64 less, 128 nothing (what is read ahead no
 * longer stays in the cache until its event comes; docs/performance.md,
 * "Twenty-second session: the fold reads ahead").
 */
const READ_AHEAD = 32;

/**
 * A replayer fed one event (or problem) at a time; `result()` gives the replay so far. `replay` and `replayAsync` are built on it.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { createReplayer } from '@license-ledger/core'
 * assert.deepStrictEqual(createReplayer().result().state.clock, null)
 */
export const createReplayer = (options: ReplayOptions = {}): Replayer => replayerOver(options);

/**
 * {@link createReplayer}, with `prepare` given the draft before the first push
 * (`replayerFromSnapshot` hands it the records it read). Not exported from the package.
 */
export const replayerOver = (options: ReplayOptions, prepare?: (draft: Draft) => void): Replayer => {
  const strict = options.mode === 'strict';
  const start =
    options.from ?? (options.hashSeed === undefined ? emptyLedger() : emptyLedger({ hashSeed: options.hashSeed }));
  const draft = new Draft(start, options.history !== 'none');
  prepare?.(draft);
  draft.observer = options.onPoolChange;
  const problems: Problem[] = [];
  const maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
  if (!Number.isSafeInteger(maxProblems) || maxProblems < 0)
    throw new RangeError(`maxProblems must be an integer ≥ 0, got ${maxProblems}`);
  const expected = options.expectedEvents;
  if (expected !== undefined) {
    if (!Number.isSafeInteger(expected) || expected < 0)
      throw new RangeError(`expectedEvents must be an integer ≥ 0, got ${expected}`);
    draft.appliedIds.reserve(expected);
  }
  let problemsNotKept = 0;
  let last: PushOutcome | null = null;
  const keep = (problem: Problem): void => {
    // Handed out as they are, by lastOutcome and view (F9).
    Object.freeze(problem);
    last = { kind: problem.kind, problem };
    if (problems.length < maxProblems) problems.push(problem);
    else problemsNotKept += 1;
  };
  const stats = { read: 0, applied: 0, skippedDuplicates: 0, rejected: 0, decodeErrors: 0 };
  let stoppedBy: ReplayResult['stoppedBy'] = null;

  const stopOnProblem = (): boolean => {
    if (strict) stoppedBy = 'strict';
    return !strict;
  };

  /** The machine ids and the event ids of the events {@link readAhead} looks at, reused. */
  const aheadIds: string[] = [];
  const aheadEventIds: string[] = [];
  /** Reads ahead for `inputs[from .. to)`: only entries the log decoders made (see {@link Replayer.pushAll}). */
  const readAhead = (inputs: readonly ReplayInput[], from: number, to: number): void => {
    let count = 0;
    let ids = 0;
    for (let i = from; i < to; i++) {
      const event = decodedEventOf(inputs[i]);
      if (event === undefined) continue;
      const machineId = (event as { readonly machineId?: unknown }).machineId;
      if (typeof machineId === 'string') aheadIds[count++] = machineId;
      const id = (event as { readonly id?: unknown }).id;
      if (typeof id === 'string') aheadEventIds[ids++] = id;
    }
    if (count > 0) draft.readAhead(aheadIds, count);
    if (ids > 0) draft.appliedIds.readAhead(aheadEventIds, ids);
  };

  const push = (input: ReplayInput): boolean => {
    if (stoppedBy !== null) {
      last = STOPPED;
      return false;
    }
    // Inputs may be built in code: anything that is not an event, or a log entry holding one, is a decode problem (R-L2), never a throw.
    if (typeof input !== 'object' || input === null) {
      stats.read += 1;
      stats.decodeErrors += 1;
      keep({
        line: null,
        eventId: null,
        kind: 'decode',
        rule: 'R-L2',
        message: `not a valid event: expected an event or a log entry, got ${input === null ? 'null' : typeof input}`,
      });
      return stopOnProblem();
    }
    const line = isEvent(input) ? null : typeof input.line === 'number' ? input.line : null;
    const event = isEvent(input) ? input : 'event' in input ? input.event : null;
    if (event === null) {
      stats.read += 1;
      stats.decodeErrors += 1;
      const problem = input as Extract<LogEntry, { problem: string }>;
      keep({
        line,
        eventId: problem.eventId ?? null,
        kind: 'decode',
        rule: 'R-L2',
        message: String(problem.problem),
      });
      return stopOnProblem();
    }
    // Events decoded in the worker are frozen and were decoded by the codecs: no second check.
    // Straight into the draft's own digest words, which `applyToDraft` reads.
    const digested = !isEvent(input) && attachedDigestWords(input, draft.digestWords);
    const invalid = digested ? undefined : eventProblem(event);
    if (invalid !== undefined) {
      stats.read += 1;
      stats.decodeErrors += 1;
      keep({
        line,
        eventId: claimedId(event) || null,
        kind: 'decode',
        rule: 'R-L2',
        message: `not a valid event: ${invalid}`,
      });
      return stopOnProblem();
    }
    if (options.until !== undefined && event.at > options.until) {
      stoppedBy = 'until';
      last = STOPPED;
      return false;
    }
    stats.read += 1;
    const outcome = applyToDraft(draft, event, digested ? draft.digestWords : undefined);
    if (outcome.kind === 'applied') {
      stats.applied += 1;
      last = APPLIED;
    } else if (outcome.kind === 'duplicate') {
      stats.skippedDuplicates += 1;
      last = DUPLICATE;
    } else {
      stats.rejected += 1;
      const { rule, message, eventId } = outcome.rejection;
      keep({ line, eventId, kind: 'rejected', rule, message });
      return stopOnProblem();
    }
    return true;
  };

  return {
    push,
    pushAll(inputs) {
      const n = inputs.length;
      for (let from = 0; from < n; from += READ_AHEAD) {
        const to = Math.min(n, from + READ_AHEAD);
        if (stoppedBy === null) readAhead(inputs, from, to);
        for (let i = from; i < to; i++) if (!push(inputs[i] as ReplayInput)) return false;
      }
      return stoppedBy === null;
    },
    result() {
      return { state: draft.snapshot(), stats: { ...stats }, problems: [...problems], problemsNotKept, stoppedBy };
    },
    lastOutcome: () => last,
    view(asOf) {
      const clock = draft.clock;
      if (asOf !== undefined && clock !== null && asOf < clock) return E.left(beforeClockError(asOf, clock));
      // Due changes touch licenses and machines: only a whole state moves through them (advanceTo is pure).
      const counts =
        asOf !== undefined && draft.hasDueBy(asOf)
          ? E.getOrElseW((error: QueryError): never => {
              throw new Error(`internal: ${error.message}`);
            })(advanceTo(asOf)(draft.snapshot()))
          : draft.commitCounts();
      return E.right(
        Object.freeze({
          clock: asOf ?? clock,
          pools: counts.pools,
          svms: counts.svms,
          stats: Object.freeze({ ...stats }),
          problems: Object.freeze([...problems]),
          problemsNotKept,
          stoppedBy,
        }),
      );
    },
  };
};

/**
 * Folds events (or decoded log lines) into a ledger state (R-L6: same input,
 * same result).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { pipe } from 'fp-ts/lib/function.js'
 * import { replay } from '@license-ledger/core'
 * assert.deepStrictEqual(pipe([], replay({ mode: 'strict' })).stats.applied, 0)
 */
export const replay =
  (options: ReplayOptions = {}) =>
  (inputs: Iterable<ReplayInput>): ReplayResult => {
    const replayer = createReplayer(options);
    for (const input of inputs) if (!replayer.push(input)) break;
    return replayer.result();
  };

/**
 * {@link replay} over an async source, item by item or in batches (as the log readers yield them).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { decodeLogAsync, replayAsync } from '@license-ledger/core'
 * import { openAuditLog } from '@license-ledger/core/node'
 * const opened = await openAuditLog('audit.ndjson')
 * if (E.isLeft(opened)) throw new Error(opened.left.message)
 * const { stats, problems } = await replayAsync({ mode: 'lenient' })(decodeLogAsync(opened.right.batches))
 * assert.equal(stats.applied, 4)
 * assert.deepStrictEqual(problems, [])
 */
export const replayAsync =
  (options: ReplayOptions = {}) =>
  async (inputs: AsyncIterable<ReplayInput | readonly ReplayInput[]>): Promise<ReplayResult> => {
    const replayer = createReplayer(options);
    for await (const item of inputs) {
      if (!(Array.isArray(item) ? replayer.pushAll(item) : replayer.push(item as ReplayInput))) break;
    }
    return replayer.result();
  };
