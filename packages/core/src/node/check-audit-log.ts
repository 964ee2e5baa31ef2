import { promises as fsp } from 'node:fs';
import * as E from 'fp-ts/Either';
import type { SplitOptions } from '../log/ndjson';
import type { LogEntry } from '../replay/replayer';
import { checkRange, type DecodeProblem, newlinesBefore } from './check-range';
import type { CheckMessage, DecodeWorkerRequest } from './decode-worker';
import {
  type DecodedAuditLog,
  type DecodedLogOptions,
  defaultWorkerFile,
  openDecodedAuditLog,
} from './decoded-audit-log';
import type { OpenError } from './open-audit-log';
import { queuedWorker, workerStopped } from './start-worker';

/**
 * An audit log being checked (R-L2): its problems, in line order, and counts.
 * `name`, `totalBytes` and `bytesRead` as for `DecodedAuditLog`; `inWorker`:
 * whether the second half of the log is checked in a worker thread.
 *
 * @since 0.4.0
 */
export interface CheckedAuditLog extends Pick<DecodedAuditLog, 'name' | 'totalBytes' | 'bytesRead' | 'inWorker'> {
  /**
   * Every line that is not an event, in line order, a batch at a time (a batch
   * per chunk read, often empty, so a caller can follow `bytesRead`): the same
   * problems as decoding the whole log with `openDecodedAuditLog`. Single pass;
   * ending it early stops the worker.
   */
  readonly problems: AsyncIterable<readonly DecodeProblem[]>;
  /** Lines read so far (every non-blank line, event or problem); all of them once `problems` is done. */
  readonly lines: () => number;
}

/**
 * Options of `checkAuditLog`: those of `openDecodedAuditLog` but the decoding
 * (nothing is kept, so ids are not shared), and when to split.
 *
 * @since 0.4.0
 */
export interface CheckLogOptions extends Omit<DecodedLogOptions, 'decode' | 'worker'> {
  /** Check the second half of a large plain file in a worker thread, on another core (default true). */
  readonly worker?: boolean;
  /** The smallest file split in two (default 4 MiB): below it, starting a worker costs more than it saves. */
  readonly minSplitBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 1024 * 1024;
const DEFAULT_MIN_SPLIT_BYTES = 4 * 1024 * 1024;
const NEWLINE = 0x0a;
const SEARCH_BYTES = 64 * 1024;

/** Whether a file starts with gzip's magic bytes (such a file is read whole, in this thread). */
const isGzip = async (path: string): Promise<boolean> => {
  const file = await fsp.open(path, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await file.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await file.close();
  }
};

/** The byte just after the first newline at or after the middle of the file, if one comes before its end. */
const middleLineStart = async (path: string, size: number): Promise<number | undefined> => {
  const file = await fsp.open(path, 'r');
  try {
    const window = Buffer.alloc(SEARCH_BYTES);
    for (let at = Math.floor(size / 2); at < size; at += SEARCH_BYTES) {
      const { bytesRead } = await file.read(window, 0, SEARCH_BYTES, at);
      if (bytesRead === 0) return undefined;
      const newline = window.subarray(0, bytesRead).indexOf(NEWLINE);
      if (newline !== -1) return at + newline + 1 < size ? at + newline + 1 : undefined;
    }
    return undefined;
  } finally {
    await file.close();
  }
};

interface Counts {
  first: { lines: number; bytes: number };
  second: { lines: number; bytes: number };
}

/**
 * The first half checked here while a worker checks the second (from the first
 * line that starts at or after the middle), then the worker's problems: one
 * core each. A worker that cannot start leaves the second half to this thread;
 * one that stops midway is reported like a read error, on the line after the
 * last one it reported.
 */
async function* inHalves(
  path: string,
  from: number,
  workerFile: string,
  chunkBytes: number,
  split: SplitOptions,
  counts: Counts,
  state: { worker: boolean },
): AsyncGenerator<readonly DecodeProblem[]> {
  const data: DecodeWorkerRequest = {
    path,
    chunkBytes,
    checkFrom: from,
    ...(split.maxLineBytes === undefined ? {} : { maxLineBytes: split.maxLineBytes }),
  };
  const second = queuedWorker<CheckMessage>(workerFile, data);
  state.worker = true;
  try {
    for await (const part of checkRange(path, { start: 0, end: from, firstLine: 1 }, chunkBytes, split)) {
      counts.first = { lines: part.lines, bytes: part.bytes };
      yield part.problems;
    }
    let received = 0;
    let lastLine = 0;
    for (;;) {
      const message = await second.next();
      if ('check' in message) {
        received += 1;
        second.answer();
        counts.second = { lines: message.check.lines, bytes: message.check.bytes };
        lastLine = message.check.problems[message.check.problems.length - 1]?.line ?? lastLine;
        yield message.check.problems;
      } else if ('end' in message) {
        counts.second = { lines: message.lines, bytes: message.bytes };
        return;
      } else if (received === 0) {
        // The worker could not even start (its file does not load): this thread checks the second half too.
        second.stop();
        state.worker = false;
        const firstLine = (await newlinesBefore(path, from, chunkBytes)) + 1;
        for await (const part of checkRange(path, { start: from, firstLine }, chunkBytes, split)) {
          counts.second = { lines: part.lines, bytes: part.bytes };
          yield part.problems;
        }
        return;
      } else {
        yield [workerStopped(lastLine + 1, 'checking', message.failed)];
        return;
      }
    }
  } finally {
    second.stop();
  }
}

const problemsOf = (batch: readonly LogEntry[]): DecodeProblem[] => {
  const problems: DecodeProblem[] = [];
  for (const entry of batch) if (!('event' in entry)) problems.push(entry);
  return problems;
};

/**
 * Opens an audit log to check it (R-L2): every line is decoded and dropped, and
 * only the problems come out, in line order, with the counts. Same `Left`
 * errors, lines and problems as `openDecodedAuditLog`. A plain file of at least
 * `minSplitBytes` is checked in two halves at once, the second in a worker
 * thread (on a 2-core machine, in about half the time); stdin, gzip files,
 * small files and `worker: false` are read whole, in this thread.
 *
 * @throws RangeError when `chunkBytes` or `maxLineBytes` is not a positive integer (a programming error, not a log error).
 * @since 0.4.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { checkAuditLog } from '@license-ledger/core/node'
 * const checked = await checkAuditLog('audit.ndjson')
 * if (E.isLeft(checked)) throw new Error(checked.left.message)
 * const problems = []
 * for await (const batch of checked.right.problems) problems.push(...batch)
 * assert.deepStrictEqual(problems, [])
 * assert.equal(checked.right.lines(), 4)
 */
export async function checkAuditLog(
  source: string,
  options: CheckLogOptions = {},
): Promise<E.Either<OpenError, CheckedAuditLog>> {
  const { worker: wanted, workerFile, minSplitBytes, ...open } = options;
  const opened = await openDecodedAuditLog(source, { ...open, decode: { shareIds: false } });
  if (E.isLeft(opened)) return opened;
  const log = opened.right;
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const split: SplitOptions = options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes };
  const counts: Counts = { first: { lines: 0, bytes: 0 }, second: { lines: 0, bytes: 0 } };
  const state = { split: false, worker: false };
  async function* whole(): AsyncGenerator<readonly DecodeProblem[]> {
    for await (const batch of log.entries) {
      counts.first = { lines: counts.first.lines + batch.length, bytes: log.bytesRead() };
      yield problemsOf(batch);
    }
  }
  const file = wanted === false || source === '-' ? undefined : (workerFile ?? defaultWorkerFile());
  const size = log.totalBytes ?? 0;
  async function* problems(): AsyncGenerator<readonly DecodeProblem[]> {
    const from =
      file === undefined || size < (minSplitBytes ?? DEFAULT_MIN_SPLIT_BYTES) || (await isGzip(source))
        ? undefined
        : await middleLineStart(source, size);
    if (file === undefined || from === undefined) yield* whole();
    else {
      state.split = true;
      yield* inHalves(source, from, file, chunkBytes, split, counts, state);
    }
  }
  return E.right({
    name: log.name,
    totalBytes: log.totalBytes,
    problems: problems(),
    lines: () => counts.first.lines + counts.second.lines,
    bytesRead: () => (state.split ? counts.first.bytes + counts.second.bytes : log.bytesRead()),
    inWorker: () => state.worker,
  });
}
