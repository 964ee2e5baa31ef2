import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/Either';
import type { DecodeOptions } from '../events/decode';
import { decodeLogAsync } from '../log/decode-log';
import type { LogEntry } from '../replay/replayer';
import type { DecodeWorkerRequest } from './decode-worker';
import { EntryDecoder, type PackedBatch } from './entry-codec';
import { openAuditLog, type OpenedAuditLog, type OpenError } from './open-audit-log';
import { queuedWorker, workerStopped } from './start-worker';
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
  /** Whether a worker thread reads and decodes (false: this thread does, see `openDecodedAuditLog`). */
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

type WorkerMessage = { readonly batch: PackedBatch } | { readonly end: true };

async function* workerEntries(
  file: string,
  data: DecodeWorkerRequest,
  progress: { bytes: number; worker: boolean },
  inThread: () => AsyncIterable<readonly LogEntry[]>,
): AsyncGenerator<readonly LogEntry[]> {
  const worker = queuedWorker<WorkerMessage>(file, data);
  const decoder = new EntryDecoder();
  let received = 0;
  let lastLine = 0;
  try {
    for (;;) {
      const message = await worker.next();
      if (!('failed' in message)) {
        if ('end' in message) return;
        const entries = decoder.decode(message.batch);
        received++;
        worker.answer();
        progress.bytes = message.batch.bytesRead;
        const last = entries[entries.length - 1];
        if (last !== undefined) lastLine = last.line;
        yield entries;
        continue;
      }
      if (received === 0) {
        // The worker could not even start (its file does not load): this thread reads the log instead.
        progress.worker = false;
        yield* inThread();
        return;
      }
      yield [workerStopped(lastLine + 1, 'decoding', message.failed)];
      return;
    }
  } finally {
    worker.stop();
  }
}

/**
 * Opens an audit log like `openAuditLog` — same `Left` errors, same lines and
 * problems — and decodes it like `decodeLogAsync`. With `worker: true`, reading,
 * gunzipping, splitting and decoding run in a worker thread while the caller folds,
 * and the entries come over in a compact form (strings and shapes sent once,
 * numbers in transferred buffers; `entry-codec`). A worker that dies reports a last
 * problem, like a read error; ending the iteration early terminates it.
 *
 * This thread reads instead (the same results, one core) when `worker` is false,
 * for stdin (`-`), with upcasters (functions cannot be sent to a worker), when the
 * worker file cannot be found (`defaultWorkerFile`: e.g. in a one-file bundle;
 * pass `workerFile`) or when the worker fails before its first batch.
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
  const progress = { bytes: 0, worker: true };
  const data: DecodeWorkerRequest = {
    path: source,
    chunkBytes,
    ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
    nice: workerNice ?? WORKER_NICE,
  };
  return E.right({
    name: log.name,
    totalBytes: log.totalBytes,
    entries: workerEntries(file, data, progress, inThread),
    bytesRead: () => (progress.worker ? progress.bytes : log.bytesRead()),
    inWorker: () => progress.worker,
  });
}
