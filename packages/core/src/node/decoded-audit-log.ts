import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/Either';
import type { DecodeOptions } from '../events/decode';
import { decodeLogAsync } from '../log/decode-log';
import type { LogEntry } from '../replay/replayer';
import type { DecodeWorkerRequest } from './decode-worker';
import { EntryDecoder, EntryEncoder, type PackedBatch } from './entry-codec';
import { openAuditLog, type OpenedAuditLog, type OpenError } from './open-audit-log';
import { queuedWorker, type WorkerQueue, workerStopped } from './start-worker';
import { WORKER_NICE } from './thread-priority';

/**
 * An audit log ready to be read once as decoded entries, the input of `replayAsync`.
 *
 * @since 0.3.0
 */
export interface DecodedAuditLog {
  /** The path, or `<stdin>`. */
  readonly name: string;
  /** Size on disk when known (`null` for stdin); for a gzip file, the compressed size. */
  readonly totalBytes: number | null;
  /**
   * The decoded entries, a batch per chunk read, in line order, with the same
   * events and problems as `decodeLogAsync(openAuditLog(…).batches)`. Single pass;
   * ending the iteration early stops the worker.
   */
  readonly entries: AsyncIterable<readonly LogEntry[]>;
  /** Bytes of the source consumed by the entries handed out so far. */
  readonly bytesRead: () => number;
  /**
   * Whether a worker thread reads and decodes: true once it has taken over from
   * this thread, which decodes the first lines while it starts; false while this
   * thread decodes, and for a log it decoded whole (see `openDecodedAuditLog`).
   */
  readonly inWorker: () => boolean;
}

/**
 * Options of `openDecodedAuditLog`.
 *
 * @since 0.3.0
 */
export interface DecodedLogOptions {
  readonly stdin?: NodeJS.ReadableStream;
  /**
   * Bytes read at a time, one batch of entries each; default `DEFAULT_DECODED_CHUNK_BYTES`
   * (64 KiB, a sixteenth of `openAuditLog`'s default: see there).
   */
  readonly chunkBytes?: number;
  readonly maxLineBytes?: number;
  readonly decode?: DecodeOptions;
  /** Read, split and decode in a worker thread (default false). */
  readonly worker?: boolean;
  /** The worker's file; default `decode-worker.js` next to this module. */
  readonly workerFile?: string;
  /**
   * How much lower than this thread's the worker's scheduling priority is, as a
   * nice increment (0–19; default `WORKER_NICE`, 5; 0 keeps it equal). The
   * worker decodes ahead of the fold, which is what the caller waits for: on a
   * busy machine it should not take the fold's core. Where a thread has no
   * priority of its own (anything but Linux) this is ignored.
   *
   * @since 0.6.0
   */
  readonly workerNice?: number;
}

/**
 * Bytes per batch of decoded entries when `chunkBytes` is not given: 64 KiB, about
 * 500 events. A batch's entries stay reachable until the fold has taken the whole
 * batch; with 1 MiB batches (~8 000 events, ~100 ms of fold) most of them outlived
 * two young-generation collections and were promoted to the old generation, where
 * they waited as garbage for the next full collection. On the 1M-event log that was
 * ~200 of the 390 MB the main thread promoted, and ~100 MB of peak memory of
 * `report` (docs/performance.md, "Fourth session"). 64 KiB rather than 256 KiB lets
 * the decoding worker run in a small young generation (`WORKER_YOUNG_GENERATION_MB`)
 * without promoting what it decodes: ~30 MB less peak memory for `report` on that
 * log, at no measurable cost in time ("Ninth session").
 *
 * @since 0.4.0
 */
export const DEFAULT_DECODED_CHUNK_BYTES = 64 * 1024;

/** This module's own file: `__filename` in the CommonJS build, the V8 call site's file (a URL) in the ES module build. */
const thisFile = (): string | undefined => {
  if (typeof __filename === 'string') return __filename;
  // Saved to be put back as it was, never called here.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const prepare = Error.prepareStackTrace;
  try {
    Error.prepareStackTrace = (_, sites) => sites;
    const sites = new Error().stack as unknown as readonly NodeJS.CallSite[] | undefined;
    const file = Array.isArray(sites) ? (sites[0] as NodeJS.CallSite | undefined)?.getFileName() : undefined;
    return file === undefined || file === null ? undefined : file.startsWith('file:') ? fileURLToPath(file) : file;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = prepare;
  }
};

/**
 * The worker file shipped next to this module (`dist/cjs/node` or `dist/esm/node`),
 * or `undefined` where there is none: bundled into one file (esbuild, webpack),
 * where the caller may name it with `workerFile`. Run from the TypeScript sources
 * (this repository's tests), it is the built `dist/cjs/node/decode-worker.js` when
 * there is one.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { defaultWorkerFile } from '@license-ledger/core/node'
 * assert.match(defaultWorkerFile() ?? '', /decode-worker\.js$/) // the built worker next to this module
 */
export const defaultWorkerFile = (): string | undefined => {
  const here = thisFile();
  if (here === undefined) return undefined;
  const dir = dirname(here);
  const file = here.endsWith('.ts')
    ? join(dir, '..', '..', 'dist', 'cjs', 'node', 'decode-worker.js')
    : join(dir, 'decode-worker.js');
  return existsSync(file) ? file : undefined;
};

/** A batch, or the end with the bytes read in all (`undefined` from an older worker file). */
type WorkerMessage = { readonly batch: PackedBatch } | { readonly end: true; readonly bytesRead?: number };

/**
 * How many batches `workerEntries` decodes in the calling thread before it takes
 * the worker's: at least `min`, then for as long as the worker has sent nothing
 * past them, and at most `max` (then it waits for the worker). `max` 0 is the
 * worker alone; tests fix both to put the hand-over where they want it.
 */
export interface HeadLimits {
  readonly min: number;
  readonly max: number;
}

/**
 * By default the calling thread decodes for exactly as long as the worker has
 * nothing for it: the worker loads its code and reads and decodes its first
 * chunk in ~0.3 s, which the fold of the 1M-event log spent idle before
 * (docs/performance.md, "Sixteenth session").
 */
const WHILE_THE_WORKER_STARTS: HeadLimits = { min: 0, max: Number.POSITIVE_INFINITY };

/**
 * `batches` decoded here, passed through an encoder and a decoder of their own as
 * if they had come from the worker: the fold then sees one kind of entry and event
 * (a `DigestedEntry`, its event frozen and its digest attached; the decoder's shape for each
 * event type) from the first line to the last. Entries decoded here are plain
 * objects of other hidden classes, and a fold that met both kinds kept property
 * accesses on events polymorphic for the whole log (docs/performance.md,
 * "Seventeenth session").
 */
async function* asWorkerEntries(
  batches: AsyncIterator<readonly LogEntry[]>,
): AsyncGenerator<readonly LogEntry[], void, undefined> {
  const encoder = new EntryEncoder();
  const decoder = new EntryDecoder();
  try {
    for (let step = await batches.next(); step.done !== true; step = await batches.next())
      yield decoder.decode(encoder.encode(step.value, 0));
  } finally {
    await batches.return?.(undefined);
  }
}

/** Whether the worker has taken over from this thread's reading, and the bytes of its batches handed out since. */
interface WorkerProgress {
  bytes: number;
  worker: boolean;
}

/**
 * The entries of a log decoded by a worker, with its head decoded here while the
 * worker starts. `here` is the whole log decoded in this thread, the same as
 * the worker's entries; this thread hands out its batches and tells the worker
 * each time how far it got (`decodedHere`). Once the worker has loaded its code
 * it claims the lines after the batch this thread is decoding (`headEnd`): this
 * thread decodes up to there, the worker from there, and neither decodes a line
 * twice. Both split the same bytes from the first, so the lines, their numbers
 * and their problems are the same whoever decodes them (a line of the worker's
 * that this thread handed out is dropped all the same). A worker that fails
 * before it takes over leaves the rest to `here`; one that fails later ends the
 * entries with a problem.
 */
async function* workerEntries(
  file: string,
  data: DecodeWorkerRequest,
  progress: WorkerProgress,
  here: AsyncIterator<readonly LogEntry[]>,
  head: HeadLimits = WHILE_THE_WORKER_STARTS,
): AsyncGenerator<readonly LogEntry[]> {
  const worker = queuedWorker<WorkerMessage>(file, data);
  const decoder = new EntryDecoder();
  let lastLine = 0;
  let headBatches = 0;
  try {
    for (;;) {
      if (worker.failed()) break;
      const end = headBatches >= head.max ? worker.endHead(lastLine) : worker.headEnd();
      if (end !== undefined && lastLine >= end && headBatches >= head.min) break;
      const step = await here.next();
      if (step.done === true) return;
      headBatches++;
      const last = step.value[step.value.length - 1];
      if (last !== undefined) {
        lastLine = last.line;
        worker.decodedHere(lastLine);
      }
      yield step.value;
    }
    // The worker's first batches may come from before the head's end (a batch that this thread has decoded
    // in part, or a worker that did not read `[3]`): what was handed out is dropped.
    for (;;) {
      const message = worker.failed() ? { failed: '' } : await worker.next();
      if ('failed' in message) {
        // The worker could not even start (its file does not load), or stopped before it took over: this thread reads on.
        worker.stop();
        for (let step = await here.next(); step.done !== true; step = await here.next()) yield step.value;
        return;
      }
      // It sent every line after the head, and none past the ones handed out: there are no more.
      if ('end' in message) {
        progress.bytes = message.bytesRead ?? 0;
        return;
      }
      const entries = decoder.decode(message.batch);
      worker.answer();
      const last = entries[entries.length - 1];
      if (last === undefined || last.line <= lastLine) continue;
      progress.bytes = message.batch.bytesRead;
      progress.worker = true;
      here.return?.(undefined).catch(() => undefined);
      const from = lastLine;
      lastLine = last.line;
      yield entries[0] !== undefined && entries[0].line > from ? entries : entries.filter((e) => e.line > from);
      yield* fromWorker(worker, decoder, progress, lastLine);
      return;
    }
  } finally {
    worker.stop();
    here.return?.(undefined).catch(() => undefined);
  }
}

/** The worker's batches once it has taken over after line `after`, to its end or to a last problem if it stops. */
async function* fromWorker(
  worker: WorkerQueue<WorkerMessage>,
  decoder: EntryDecoder,
  progress: WorkerProgress,
  after: number,
): AsyncGenerator<readonly LogEntry[]> {
  let lastLine = after;
  for (;;) {
    const message = await worker.next();
    if ('failed' in message) {
      yield [workerStopped(lastLine + 1, 'decoding', message.failed)];
      return;
    }
    if ('end' in message) {
      // Lines after the last batch (blank ones) were read too.
      progress.bytes = Math.max(progress.bytes, message.bytesRead ?? 0);
      return;
    }
    const entries = decoder.decode(message.batch);
    worker.answer();
    progress.bytes = message.batch.bytesRead;
    const last = entries[entries.length - 1];
    if (last !== undefined) lastLine = last.line;
    yield entries;
  }
}

/**
 * `log` decoded by the worker in `file`, its head in this thread while the
 * worker starts (`workerEntries`): what `openDecodedAuditLog` hands out with
 * `worker: true`. `here` is `log` decoded in this thread.
 */
export const decodedWithWorker = (
  file: string,
  data: DecodeWorkerRequest,
  log: OpenedAuditLog,
  here: AsyncIterable<readonly LogEntry[]>,
  head: HeadLimits = WHILE_THE_WORKER_STARTS,
): Pick<DecodedAuditLog, 'entries' | 'bytesRead' | 'inWorker'> => {
  const progress: WorkerProgress = { bytes: 0, worker: false };
  return {
    entries: workerEntries(file, data, progress, asWorkerEntries(here[Symbol.asyncIterator]()), head),
    // This thread's reading stops where the worker takes over: from then on the worker has read further.
    bytesRead: () => Math.max(progress.bytes, log.bytesRead()),
    inWorker: () => progress.worker,
  };
};

/**
 * Opens an audit log like `openAuditLog` — same `Left` errors, same lines and
 * problems — and decodes it like `decodeLogAsync`. With `worker: true`, reading,
 * gunzipping, splitting and decoding run in a worker thread while the caller folds,
 * and the entries come over in a compact form (strings and shapes sent once,
 * numbers in transferred buffers; `entry-codec`). A worker that dies reports a last
 * problem, like a read error; ending the iteration early terminates it.
 *
 * While the worker starts (it loads its code, then reads and decodes a first
 * chunk), this thread decodes the first lines itself, the same way, and hands
 * them out; the worker skips them, and takes over once it is ahead. A small log
 * may be read whole that way.
 *
 * This thread reads instead (the same results, one core) when `worker` is false,
 * for stdin (`-`), with upcasters (functions cannot be sent to a worker), when the
 * worker file cannot be found (`defaultWorkerFile`: e.g. in a one-file bundle;
 * pass `workerFile`) or when the worker fails before it takes over.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { replayAsync } from '@license-ledger/core'
 * import { openDecodedAuditLog } from '@license-ledger/core/node'
 * const opened = await openDecodedAuditLog('audit.ndjson', { worker: true }) // decoded on a second thread
 * if (E.isLeft(opened)) throw new Error(opened.left.message)
 * const { stats, problems } = await replayAsync({ mode: 'lenient' })(opened.right.entries)
 * assert.equal(stats.applied, 4)
 * assert.deepStrictEqual(problems, [])
 */
export async function openDecodedAuditLog(
  source: string,
  options: DecodedLogOptions = {},
): Promise<E.Either<OpenError, DecodedAuditLog>> {
  const { worker: wanted, workerFile, workerNice, decode, ...rest } = options;
  const chunkBytes = options.chunkBytes ?? DEFAULT_DECODED_CHUNK_BYTES;
  const opened = await openAuditLog(source, { ...rest, chunkBytes });
  if (E.isLeft(opened)) return opened;
  const log: OpenedAuditLog = opened.right;
  const inThread = (): AsyncIterable<readonly LogEntry[]> => decodeLogAsync(log.batches, decode);
  const file =
    wanted === true && source !== '-' && decode?.upcasters === undefined
      ? (workerFile ?? defaultWorkerFile())
      : undefined;
  if (file === undefined) {
    return E.right({
      name: log.name,
      totalBytes: log.totalBytes,
      entries: inThread(),
      bytesRead: log.bytesRead,
      inWorker: () => false,
    });
  }
  const data: DecodeWorkerRequest = {
    path: source,
    chunkBytes,
    ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
    nice: workerNice ?? WORKER_NICE,
  };
  return E.right({ name: log.name, totalBytes: log.totalBytes, ...decodedWithWorker(file, data, log, inThread()) });
}
