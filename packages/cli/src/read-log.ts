/**
 * Opening a LOG argument and streaming it through the core: entries from
 * `openDecodedAuditLog` (read, split and decoded in this thread or in a worker
 * thread, `--worker`), folded by a `Replayer`. The log is never held whole; the
 * progress bar, when wanted, follows the bytes read.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import {
  advanceTo,
  createReplayer,
  formatInstant,
  type Instant,
  type LedgerState,
  type LogEntry,
  type PoolObserver,
  type Replayer,
  replayerFromSnapshot,
  type ReplayMode,
  type ReplayResult,
  type ReplayView,
  type SnapshotError,
} from '@license-ledger/core';
import { type DecodedAuditLog, fastestCrc32, openDecodedAuditLog, randomHashSeed } from '@license-ledger/core/node';
import type { CliIo } from './io';
import { noProgress, type Progress, progressBar, wantsProgress } from './progress';

/**
 * Whether a command uses a worker thread when `--worker` is not given. `report`
 * and `explain` read, split and decode in one: on the quiet 2-core machine the
 * worker (which also computes the events' body digests, R-L5) takes `report` on
 * the 1M-event log from 24.7 s to 13.7 s, for ~37 MiB more peak memory.
 * `validate` checks the second half of a large plain log in one while this
 * thread checks the first (`checkAuditLog`): nothing but problems comes back.
 * docs/performance.md ("The second core") has the figures.
 *
 * @since 0.3.0
 */
export const READ_IN_WORKER: { readonly [C in 'report' | 'explain' | 'validate']: boolean } = {
  report: true,
  explain: true,
  validate: true,
};

/**
 * Opens a path, `-` (stdin) or a gzip file. A missing file, a directory or an
 * unreadable file is a `Left` with a one-line message (bad usage, exit 2).
 * `worker` (default false; the commands pass `READ_IN_WORKER`) reads, splits and
 * decodes in a worker thread; stdin is always read in this thread.
 *
 * @since 0.1.0
 */
export const openLog = async (
  source: string,
  io: CliIo,
  limits: { readonly maxLineBytes?: number; readonly worker?: boolean } = {},
): Promise<E.Either<string, DecodedAuditLog>> => {
  const worker = limits.worker ?? false;
  const opened = await openDecodedAuditLog(
    source,
    limits.maxLineBytes === undefined
      ? { stdin: io.stdin, worker }
      : { stdin: io.stdin, worker, maxLineBytes: limits.maxLineBytes },
  );
  return E.isLeft(opened) ? E.left(opened.left.message) : E.right(opened.right);
};

/**
 * The progress bar for reading `log`, or none (see `wantsProgress`).
 *
 * @since 0.1.0
 */
export const progressFor = (
  log: Pick<DecodedAuditLog, 'name' | 'totalBytes'>,
  io: CliIo,
  options: { readonly json: boolean },
): Progress =>
  log.totalBytes !== null &&
  wantsProgress({ stderrIsTTY: io.stderr.isTTY === true, json: options.json, totalBytes: log.totalBytes })
    ? progressBar(io.stderr, log.name, log.totalBytes)
    : noProgress;

/**
 * The log's decoded batches, reporting the bytes read after each one. The bar is erased
 * when reading ends, also when the replay stops early (strict, `--as-of`).
 *
 * @since 0.1.0
 */
export async function* withProgress(log: DecodedAuditLog, progress: Progress): AsyncGenerator<readonly LogEntry[]> {
  try {
    for await (const batch of log.entries) {
      progress.update(log.bytesRead());
      yield batch;
    }
  } finally {
    progress.done();
  }
}

/**
 * A replayed log and the state its views are read from.
 *
 * @since 0.1.0
 */
export interface ReplayedLog {
  readonly result: ReplayResult;
  /** The replayed state moved forward to `asOf` (R-T4). */
  readonly state: LedgerState;
  /** The instant the views stand at; null only for a log with no event and no `--as-of`. */
  readonly asOf: Instant | null;
}

/**
 * How a log is replayed: `asOf` stops reading before the first event later than
 * it (see {@link replayLog}); `onPoolChange` is told of every pool change.
 *
 * @since 0.6.0
 */
export interface LogReplayOptions {
  readonly mode: ReplayMode;
  readonly asOf: Instant | null;
  readonly history: 'full' | 'none';
  readonly maxProblems?: number;
  readonly onPoolChange?: PoolObserver;
}

/**
 * Bytes of log per event, to guess a log's events from its size: the benchmark
 * logs average ~124 bytes a line and the example log ~113. On the high side,
 * so that the guess falls short rather than over: a few events past what the
 * id table made room for cost one growth at the end, room made for events that
 * never come costs memory until the command ends.
 */
const BYTES_PER_EVENT = 128;

/**
 * The most events guessed: 2^26 (an 8.6 GB log; 400 MB of the id table's
 * slots). Past it the table grows as the events come, so that a guess from a
 * file of unusual lines never takes more than that up front.
 */
const MOST_EXPECTED = 2 ** 26;

/**
 * About how many events a log of `totalBytes` holds, for core's
 * `expectedEvents` (none when its size is not known: stdin). A gzip file's size
 * is compressed, so its guess falls short: the id table then grows from there
 * as before.
 *
 * @since 0.6.0
 */
export const expectedEventsOf = (totalBytes: number | null): { readonly expectedEvents?: number } =>
  totalBytes === null ? {} : { expectedEvents: Math.min(MOST_EXPECTED, Math.floor(totalBytes / BYTES_PER_EVENT)) };

/**
 * Core's replay options for a log: a log is untrusted input, so its tables get a
 * random hash seed (hash flooding); `totalBytes`, the log's size when known,
 * gives the id table room for its events from the start.
 */
const replayOptionsOf = (options: LogReplayOptions, totalBytes: number | null = null) => {
  const base = {
    mode: options.mode,
    history: options.history,
    hashSeed: randomHashSeed(),
    ...expectedEventsOf(totalBytes),
    ...(options.maxProblems === undefined ? {} : { maxProblems: options.maxProblems }),
    ...(options.onPoolChange === undefined ? {} : { onPoolChange: options.onPoolChange }),
  };
  return options.asOf === null ? base : { ...base, until: options.asOf };
};

/**
 * The replayer for a log that goes on from a snapshot (`--from-snapshot`): the
 * snapshot's ledger read straight into the replay (core's
 * `replayerFromSnapshot`), or why the bytes are refused. Made before the log is
 * opened, so a refused snapshot stops the command before any reading starts.
 *
 * @since 0.6.0
 */
export const snapshotReplayer = (options: LogReplayOptions, snapshot: Uint8Array): E.Either<SnapshotError, Replayer> =>
  replayerFromSnapshot(snapshot, { ...replayOptionsOf(options), crc32: fastestCrc32 });

/**
 * Pushes the log's entries into `replayer` (by default a new one for the log)
 * until the log ends or the replay stops; returns the replayer.
 */
const pushLog = async (
  log: DecodedAuditLog,
  options: LogReplayOptions,
  progress: Progress,
  replayer: Replayer = createReplayer(replayOptionsOf(options, log.totalBytes)),
): Promise<Replayer> => {
  for await (const batch of withProgress(log, progress)) if (!replayer.pushAll(batch)) break;
  return replayer;
};

/** The instant the views stand at: `asOf`, unless a strict replay stopped at a problem (see {@link replayLog}). */
const viewInstant = (
  replayed: Pick<ReplayResult, 'stoppedBy'>,
  clock: Instant | null,
  options: Pick<LogReplayOptions, 'asOf'>,
): Instant | null => (replayed.stoppedBy === 'strict' ? clock : (options.asOf ?? clock));

/** Why the views could not be moved to `asOf`: replay stops before any event later than it, so never. */
const cannotMove = (asOf: Instant, message: string): Error =>
  new Error(`cannot move the ledger to ${formatInstant(asOf)}: ${message}`);

/**
 * Replays the log as of an instant. With `asOf`, reading stops before the first
 * event later than it (nothing from that line on is applied or reported), and
 * time then runs forward to it. Without, the views stand at the state's clock,
 * the last event's instant. A strict replay stopped by a problem stands where it
 * stopped: moving it forward would show a ledger the log never led to.
 * `onPoolChange` is told of every pool change on the way, the replay's and the
 * time-driven ones up to `asOf` (a timeline). The replay starts from an empty
 * ledger unless it is given a `replayer` to go on with ({@link snapshotReplayer}).
 *
 * @since 0.1.0
 */
export const replayLog = async (
  log: DecodedAuditLog,
  options: LogReplayOptions,
  progress: Progress,
  replayer?: Replayer,
): Promise<ReplayedLog> => {
  const result = (await pushLog(log, options, progress, replayer)).result();
  const asOf = viewInstant(result, result.state.clock, options);
  if (asOf === null) return { result, state: result.state, asOf };
  const observed = options.onPoolChange === undefined ? {} : { onPoolChange: options.onPoolChange };
  const advanced = advanceTo(asOf, observed)(result.state);
  if (E.isLeft(advanced)) throw cannotMove(asOf, advanced.left.message);
  return { result, state: advanced.right, asOf };
};

/**
 * A replayed log's counts: its replayer's view ({@link ReplayView}) at the
 * instant the views stand at, as `result` (its counts and problems) and as
 * `state` (its pools and SVMs), which is what `buildReport` reads.
 *
 * @since 0.6.0
 */
export interface ViewedLog {
  readonly result: ReplayView;
  readonly state: ReplayView;
  /** As in {@link ReplayedLog}. */
  readonly asOf: Instant | null;
}

/**
 * {@link replayLog} for a command that reads only counts (a report with no page
 * and no snapshot to save): the same replay, the views at the same instant, but
 * no whole state built and frozen after the last event (core's `Replayer.view`):
 * ~0.2–0.3 s less of this thread after the 1M-event benchmark log. Time-driven
 * changes up to `asOf` are not told to `onPoolChange`: pass none.
 *
 * @since 0.6.0
 */
export const replayLogView = async (
  log: DecodedAuditLog,
  options: LogReplayOptions,
  progress: Progress,
  from?: Replayer,
): Promise<ViewedLog> => {
  const replayer = await pushLog(log, options, progress, from);
  // At the replay's clock, a view is always there to take.
  const here = E.getOrElseW((error: { readonly message: string }): never => {
    throw new Error(`internal: ${error.message}`);
  })(replayer.view());
  const asOf = viewInstant(here, here.clock, options);
  if (asOf === null || asOf === here.clock) return { result: here, state: here, asOf };
  const there = replayer.view(asOf);
  if (E.isLeft(there)) throw cannotMove(asOf, there.left.message);
  return { result: there.right, state: there.right, asOf };
};
