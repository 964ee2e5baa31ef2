import { Worker } from 'node:worker_threads';
import { DEFAULT_MAX_LINE_BYTES } from '../log/ndjson';
import type { DecodeProblem } from './check-range';
import type { DecodeWorkerData, DecodeWorkerRequest } from './decode-worker';

// Not `instanceof Error`: errors made in another realm would fail it.
/** The first line of an error's message. */
export const messageOf = (error: unknown): string =>
  (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : String(error)
  ).split('\n', 1)[0] ?? '';

/**
 * The problem that ends a log whose worker stopped after `line` (it threw, or
 * exited): like a read error, what came before stands and this is the last problem.
 */
export const workerStopped = (line: number, worker: 'decoding' | 'checking', why: string): DecodeProblem => ({
  line,
  problem: `read error: the ${worker} worker stopped: ${why}`,
  eventId: null,
});

/** The parent's flags but `--input-type`, which a worker started from a file refuses (`node --input-type=module -e …`). */
const workerExecArgv = (): string[] =>
  process.execArgv.filter((arg, i, all) => !arg.startsWith('--input-type') && all[i - 1] !== '--input-type');

/**
 * The young generation, in MiB, of a worker that reads at most
 * `SMALL_READ_BYTES` at a time (the default of `openDecodedAuditLog`): two
 * semi-spaces of 4 MiB and V8's room for large young objects. V8's default lets
 * each semi-space grow to 16 MiB, 32 MiB resident in all, for a worker whose data
 * alive at any time is one read of the log and what it decoded from it (~150 KiB survive a
 * scavenge with 64 KiB reads). Smaller (6: 2 MiB semi-spaces) promoted ~350 MB of
 * the 1M-event log's entries to the old generation; 12 with 64 KiB reads promotes
 * ~7 MB, 12 with 256 KiB reads saved nothing (docs/performance.md, "Ninth
 * session"). Not a limit on what the worker may hold (its old generation is
 * `workerOldGenerationMb`). A worker reading more at a time (`checkAuditLog`'s
 * 1 MiB, a caller's `chunkBytes`) keeps V8's default young generation.
 *
 * @since 0.6.0
 */
export const WORKER_YOUNG_GENERATION_MB = 12;

/** The largest read for which a worker gets the young generation of `WORKER_YOUNG_GENERATION_MB`. @since 0.6.0 */
export const SMALL_READ_BYTES = 64 * 1024;

/**
 * The old generation, in MiB, of every decoding and checking worker (unless its
 * lines may be longer than a 64th of it, `workerOldGenerationMb`). Not for the
 * memory the worker may need — what it holds at any time is one read of the log,
 * the lines it cut from it and the strings it interns (≤ 262 144 of ≤ 128
 * characters, ~20 MB when full) — but for how V8 grows the heap: under a limit of 2 GiB
 * and more (Node's default for a worker is the process's, ~4 GiB here) it lets the
 * heap grow up to 4 times what survived the last full collection before the next
 * one, under 1 GiB by much less. On the 1M-event log the decoding worker's heap
 * peaked at ~40 MB with the default and ~25 MB with 256, 512 or 1024 (the same
 * number of collections; docs/performance.md, "Fourteenth session"). A worker
 * that needs more than its limit stops, and that is reported as a read error
 * (`workerStopped`), never a silent loss.
 *
 * @since 0.6.0
 */
export const WORKER_OLD_GENERATION_MB = 1024;

/**
 * The old generation, in MiB, of a worker whose lines are at most `maxLineBytes`
 * long: `WORKER_OLD_GENERATION_MB`, or 64 times the longest line when that is
 * more — a line is held as bytes, as text and as what `JSON.parse` made of it (a
 * line of small numbers becomes ~8 times its length) while it is decoded and checked.
 *
 * @since 0.6.0
 */
export const workerOldGenerationMb = (maxLineBytes: number = DEFAULT_MAX_LINE_BYTES): number =>
  Math.max(WORKER_OLD_GENERATION_MB, Math.ceil((64 * maxLineBytes) / (1024 * 1024)));

/**
 * The decoding worker, with the parent's flags when Node allows them in a
 * worker (a loader, conditions), else with none: V8 and process-wide flags
 * (`node --trace-gc`, `--max-old-space-size`) are refused in a worker, and the
 * decoder, plain JavaScript next to this file, needs none of them. Its young
 * generation is `WORKER_YOUNG_GENERATION_MB` either way when it reads at most
 * `SMALL_READ_BYTES` at a time, and its old generation `workerOldGenerationMb`.
 */
export const startWorker = (file: string | URL, data: DecodeWorkerData): Worker => {
  const maxOldGenerationSizeMb = workerOldGenerationMb(data.maxLineBytes);
  const limits = {
    resourceLimits:
      data.chunkBytes <= SMALL_READ_BYTES
        ? { maxOldGenerationSizeMb, maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB }
        : { maxOldGenerationSizeMb },
  };
  try {
    return new Worker(file, { workerData: data, execArgv: workerExecArgv(), ...limits });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(file, { workerData: data, execArgv: [], ...limits });
  }
};

/**
 * A worker's messages, taken in order: `next` waits for the next one, or says
 * why the worker stopped (it could not start, threw, or exited) once nothing
 * is left; `failed` says whether it stopped; `answer` tells it one message
 * was taken (it throttles on that); `pending` counts the messages arrived and
 * not taken yet; `stop` terminates it. For a head decoded in this thread while
 * a decoding worker starts (`DecodeWorkerData.taken`): `decodedHere` tells it
 * the last line decoded here so far; `headEnd` is the last line the worker
 * left to this thread, once decided; `endHead` decides it, unless the worker
 * did first, and gives it.
 */
export interface WorkerQueue<M> {
  next(): Promise<M | { readonly failed: string }>;
  failed(): boolean;
  answer(): void;
  decodedHere(line: number): void;
  headEnd(): number | undefined;
  endHead(line: number): number;
  pending(): number;
  stop(): void;
}

/**
 * The largest line number shared with the worker, so that `[3]` can hold it plus
 * one. A head that long (a log of billions of lines whose worker never started)
 * is told as this: the worker then decodes lines this thread has, and the
 * receiver drops them (`workerEntries`).
 */
const MAX_SHARED_LINE = 0x7ffffffe;

/** Starts the decoding worker with `data` and queues what it sends. */
export const queuedWorker = <M>(file: string | URL, request: DecodeWorkerRequest): WorkerQueue<M> => {
  const taken = new SharedArrayBuffer(4 * Int32Array.BYTES_PER_ELEMENT);
  const counter = new Int32Array(taken);
  const worker = startWorker(file, { ...request, taken });
  const queue: M[] = [];
  let failure: string | undefined;
  let wake: (() => void) | undefined;
  const signal = (): void => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (message: M) => {
    queue.push(message);
    signal();
  });
  worker.on('error', (error) => {
    failure ??= messageOf(error);
    signal();
  });
  worker.on('exit', (code) => {
    failure ??= `it exited with code ${code}`;
    signal();
  });
  return {
    async next() {
      while (queue.length === 0 && failure === undefined) await new Promise<void>((resolve) => (wake = resolve));
      return queue.length > 0 ? (queue.shift() as M) : { failed: failure ?? 'unknown reason' };
    },
    failed: () => failure !== undefined,
    answer: () => {
      const now = Atomics.add(counter, 0, 1) + 1;
      const awaited = Atomics.load(counter, 1);
      if (awaited !== 0 && now >= awaited) Atomics.notify(counter, 0);
    },
    decodedHere: (line) => {
      Atomics.store(counter, 2, Math.min(line, MAX_SHARED_LINE));
    },
    headEnd: () => {
      const end = Atomics.load(counter, 3);
      return end === 0 ? undefined : end - 1;
    },
    endHead: (line) => {
      const end = Atomics.compareExchange(counter, 3, 0, Math.min(line, MAX_SHARED_LINE) + 1);
      return end === 0 ? line : end - 1;
    },
    pending: () => queue.length,
    stop: () => void worker.terminate(),
  };
};
