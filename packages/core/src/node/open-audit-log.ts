import { createReadStream, fstatSync, promises as fsp } from 'node:fs';
import * as E from 'fp-ts/Either';
import { createLineSplitter, type SplitItem, type SplitOptions } from '../log/ndjson';
import { gunzip } from './gunzip';

/**
 * An audit log ready to be read once, from its first line to its last.
 *
 * @since 0.1.0
 */
export interface OpenedAuditLog {
  /** The path, or `<stdin>`. */
  readonly name: string;
  /** Size on disk when known (`null` for stdin); for a gzip file, the compressed size. */
  readonly totalBytes: number | null;
  /**
   * The numbered lines, a batch per chunk read. Single pass: the file is opened
   * when iteration starts, and the file or stdin stream is destroyed when iteration
   * ends or is abandoned. A read or gzip failure arrives as a final `LineProblem`
   * (on the line after the last), never as an exception.
   */
  readonly batches: AsyncIterable<readonly SplitItem[]>;
  /** Bytes consumed from the file or stdin so far (compressed bytes for gzip), to compare with `totalBytes`. */
  readonly bytesRead: () => number;
}

/**
 * Why a log could not be opened; `message` is one line naming the source.
 *
 * @since 0.1.0
 */
export type OpenError = { readonly kind: 'not-found' | 'not-a-file' | 'unreadable'; readonly message: string };

type Chunk = string | Uint8Array;

const DEFAULT_CHUNK_BYTES = 1024 * 1024;
const GZIP_MAGIC = [0x1f, 0x8b] as const;

const errorCode = (error: unknown): string | undefined =>
  typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;

// Not `instanceof Error`: errors made in another realm (a VM context, a test sandbox) would fail it.
const errorMessage = (error: unknown): string =>
  (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : String(error)
  ).split('\n', 1)[0] ?? '';

const fsError = (source: string, error: unknown): OpenError => {
  const code = errorCode(error);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return { kind: 'not-found', message: `no such file: ${source}` };
    case 'EISDIR':
      return { kind: 'not-a-file', message: `a directory, not a file: ${source}` };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'unreadable', message: `permission denied: ${source}` };
    default:
      return { kind: 'unreadable', message: `cannot read ${source}: ${code ?? errorMessage(error)}` };
  }
};

async function* countBytes(stream: AsyncIterable<Chunk>, progress: { bytes: number }): AsyncGenerator<Chunk> {
  for await (const chunk of stream) {
    progress.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    yield chunk;
  }
}

const byteAt = (chunks: readonly Chunk[], index: number): number | undefined => {
  let at = index;
  for (const chunk of chunks) {
    if (typeof chunk === 'string') return undefined;
    if (at < chunk.byteLength) return chunk[at];
    at -= chunk.byteLength;
  }
  return undefined;
};

/** The chunks read to sniff the format, then the rest of the stream. */
async function* replay(head: readonly Chunk[], rest: AsyncIterable<Chunk>): AsyncGenerator<Chunk> {
  yield* head;
  yield* rest;
}

/**
 * The text bytes of the log, gunzipped when its first two bytes are the gzip magic
 * number: the extension is not trusted, since rotated logs are often compressed
 * under their original name.
 */
async function* contentChunks(
  raw: AsyncIterable<Chunk>,
  release: () => void,
  progress: { bytes: number },
  state: { gzip: boolean },
  detectGzip: boolean,
): AsyncGenerator<Chunk> {
  const counted = countBytes(raw, progress);
  try {
    if (!detectGzip) {
      yield* counted;
      return;
    }
    const head: Chunk[] = [];
    let headBytes = 0;
    while (headBytes < GZIP_MAGIC.length) {
      const step = await counted.next();
      if (step.done === true) break;
      head.push(step.value);
      // A stream with an encoding set already yields text, which cannot be gzip.
      if (typeof step.value === 'string') break;
      headBytes += step.value.byteLength;
    }
    if (byteAt(head, 0) !== GZIP_MAGIC[0] || byteAt(head, 1) !== GZIP_MAGIC[1]) {
      yield* replay(head, counted);
      return;
    }
    state.gzip = true;
    // Everything decompressed comes out before a failure (a CRC error, trailing garbage), as with zcat.
    yield* gunzip(replay(head, counted) as AsyncIterable<Uint8Array>);
  } finally {
    release();
    // Not awaited: while `pipeline` is waiting on a read, the return is queued behind it,
    // and a quiet stdin could then hold up a caller that has already stopped reading.
    counted.return(undefined).catch(() => undefined);
  }
}

/** Turns a failure of the byte stream into a message, so that it can become the last `LineProblem`. */
async function* guarded(
  chunks: AsyncIterable<Chunk>,
  state: { gzip: boolean },
  failure: { message: string | undefined },
): AsyncGenerator<Chunk> {
  try {
    yield* chunks;
  } catch (error) {
    const code = errorCode(error);
    failure.message =
      state.gzip && code !== undefined && code.startsWith('Z_')
        ? `gzip stream is corrupt: ${errorMessage(error)}`
        : `read error: ${errorMessage(error)}`;
  }
}

/**
 * The numbered lines of a byte stream opened by `open`: the reading behind
 * `OpenedAuditLog.batches`, also run by the decoding worker (`openDecodedAuditLog`).
 * `detectGzip` false reads the bytes as they are: for a part of a plain file
 * that starts mid-file (`checkAuditLog`), whose first bytes say nothing.
 *
 * @since 0.3.0
 */
export async function* readBatches(
  open: () => NodeJS.ReadableStream,
  progress: { bytes: number },
  split: SplitOptions,
  detectGzip = true,
): AsyncGenerator<readonly SplitItem[], void, undefined> {
  const failure: { message: string | undefined } = { message: undefined };
  const state = { gzip: false };
  const stream = open();
  // Also for stdin, as `for await` over a stream does: once the caller stops, or the gzip
  // stream is corrupt, nobody will read the rest, and a writer blocked on a full pipe
  // would otherwise keep both processes alive.
  const release = (): void => {
    const destroyable = stream as Partial<Pick<NodeJS.ReadStream, 'destroy'>>;
    if (typeof destroyable.destroy === 'function') destroyable.destroy();
  };
  const chunks = contentChunks(stream, release, progress, state, detectGzip);
  const splitter = createLineSplitter(split);
  for await (const chunk of guarded(chunks, state, failure)) {
    const batch = splitter.push(chunk);
    if (batch.length > 0) yield batch;
  }
  if (failure.message === undefined) {
    const rest = splitter.finish();
    if (rest.length > 0) yield rest;
    return;
  }
  // A line the failure cut short is not a line of the log: it is the failure's line, reported once.
  const { line, partial } = splitter.abandon();
  yield [{ line, message: partial ? `${failure.message} (line ${line} is cut short)` : failure.message }];
}

const opened = (
  name: string,
  totalBytes: number | null,
  open: () => NodeJS.ReadableStream,
  split: SplitOptions,
): OpenedAuditLog => {
  const progress = { bytes: 0 };
  return {
    name,
    totalBytes,
    batches: readBatches(open, progress, split),
    bytesRead: () => progress.bytes,
  };
};

const isDirectory = (fd: number): boolean => {
  try {
    return fstatSync(fd).isDirectory();
  } catch {
    return false; // not stat-able: read it, and any failure is a LineProblem
  }
};

/**
 * Opens an NDJSON audit log — a path, or `-` for stdin — plain or gzip (detected by
 * its magic bytes, whatever the extension). Missing, non-file and unreadable paths
 * are `Left` values, checked before anything is read; the file itself is opened
 * only when `batches` is iterated. Everything read later, including a truncated or
 * corrupt gzip stream, arrives as lines or `LineProblem`s (R-L1, R-L2).
 *
 * `maxLineBytes` caps a line (default 1 MiB, `splitLines`): a longer one is a
 * `LineProblem`, skipped without being held.
 *
 * @throws RangeError when `chunkBytes` or `maxLineBytes` is not a positive integer (a programming error, not a log error).
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { decodeLogAsync, replayAsync } from '@license-ledger/core'
 * import { openAuditLog } from '@license-ledger/core/node'
 * const missing = await openAuditLog('no-such-log.ndjson')
 * assert(E.isLeft(missing) && missing.left.message.includes('no such file'))
 * const opened = await openAuditLog('audit.ndjson') // plain or gzip, or '-' for stdin
 * if (E.isLeft(opened)) throw new Error(opened.left.message)
 * const { stats } = await replayAsync({ mode: 'strict' })(decodeLogAsync(opened.right.batches))
 * assert.equal(stats.applied, 4)
 */
export async function openAuditLog(
  source: string,
  options: { stdin?: NodeJS.ReadableStream; chunkBytes?: number; maxLineBytes?: number } = {},
): Promise<E.Either<OpenError, OpenedAuditLog>> {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  }
  const { maxLineBytes } = options;
  if (maxLineBytes !== undefined && (!Number.isSafeInteger(maxLineBytes) || maxLineBytes < 1)) {
    throw new RangeError(`maxLineBytes must be a positive integer, got ${maxLineBytes}`);
  }
  const split: SplitOptions = maxLineBytes === undefined ? {} : { maxLineBytes };
  if (source === '-') {
    const stdin = options.stdin ?? process.stdin;
    // Node reads a directory given as stdin (`< /tmp`) as an empty stream: ask the descriptor.
    const fd = (stdin as { fd?: unknown }).fd;
    if (typeof fd === 'number' && isDirectory(fd))
      return E.left({ kind: 'not-a-file', message: 'standard input is a directory, not a file' });
    return E.right(opened('<stdin>', null, () => stdin, split));
  }
  let size: number;
  try {
    const stats = await fsp.stat(source);
    if (stats.isDirectory()) return E.left({ kind: 'not-a-file', message: `a directory, not a file: ${source}` });
    if (!stats.isFile()) return E.left({ kind: 'not-a-file', message: `not a regular file: ${source}` });
    size = stats.size;
    // stat succeeds on a file we may not read; opening once turns EACCES into a Left now, not a LineProblem later.
    await (await fsp.open(source, 'r')).close();
  } catch (error) {
    return E.left(fsError(source, error));
  }
  return E.right(opened(source, size, () => createReadStream(source, { highWaterMark: chunkBytes }), split));
}
