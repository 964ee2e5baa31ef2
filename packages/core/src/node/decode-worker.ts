/**
 * The decoding worker of `openDecodedAuditLog`: reads the file (gunzipping it when it
 * is gzip), splits and decodes its lines with the same functions as the in-thread
 * path, and posts the entries in compact form (`entry-codec`), a batch per chunk
 * read. At most `MAX_AHEAD` batches are in flight: it waits for the reader to take
 * one before posting more, so a slow fold never makes the worker hold the file.
 * In check mode (`checkAuditLog`) it checks the second half of a plain file
 * instead and sends only problems and counts.
 * Loaded only as a worker; it does nothing when imported on a main thread.
 *
 * @since 0.3.0
 */
import { createReadStream } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { decodeLogAsync } from '../log/decode-log';
import type { SplitItem } from '../log/ndjson';
import { EntryEncoder } from './entry-codec';
import { checkRange, newlinesBefore, type RangeCheck } from './check-range';
import { readBatches } from './open-audit-log';
import { lowerThreadPriority } from './thread-priority';

/**
 * What the worker is started with.
 *
 * @since 0.3.0
 */
export interface DecodeWorkerData {
  readonly path: string;
  readonly chunkBytes: number;
  readonly maxLineBytes?: number;
  /**
   * Check mode (`checkAuditLog`): the byte just after a newline from which this
   * worker checks the rest of the file, sending only problems and counts
   * (`CheckMessage`), while the caller checks what comes before.
   */
  readonly checkFrom?: number;
  /**
   * `Int32`s shared with the receiver: `[0]` how many posts it has taken,
   * `[1]` the count the worker is waiting for (0: not waiting). The receiver
   * adds to `[0]`, and wakes the worker only when `[1]` is reached; the worker
   * blocks (`Atomics.wait`) once `MAX_AHEAD` posts are not taken, until all but
   * `RESUME_AT` are. Waking it per batch (a message back, or a notify) cost the
   * receiver ~1.3 ms per wake-up on the 1M-event benchmark log on 2 busy cores
   * (0.6 s of its ~16 s): the woken thread took the receiver's core.
   * `[2]`, when there is one (decoding, not check mode): the last line the
   * receiver has decoded itself while this worker started (`workerEntries`);
   * the worker splits those lines but does not decode or send them.
   */
  readonly taken: SharedArrayBuffer;
  /** Lower this thread's priority by this much first (`lowerThreadPriority`); decoding only, not check mode. */
  readonly nice?: number;
}

/**
 * What a caller gives `queuedWorker`, which adds the shared counter.
 *
 * @since 0.4.0
 */
export type DecodeWorkerRequest = Omit<DecodeWorkerData, 'taken'>;

/**
 * What a worker in check mode sends: the problems of a chunk (only chunks with
 * problems are sent) with the lines and bytes read so far, then the totals.
 *
 * @since 0.4.0
 */
export type CheckMessage =
  { readonly check: RangeCheck } | { readonly end: true; readonly lines: number; readonly bytes: number };

/** Batches posted and not yet taken that the worker allows before it waits. @since 0.3.0 */
export const MAX_AHEAD = 4;

type Port = NonNullable<typeof parentPort>;

/** Batches not yet taken at which a worker that waited goes on: it then posts `MAX_AHEAD - RESUME_AT` at a time. @since 0.4.0 */
export const RESUME_AT = 1;

/**
 * Posts, and once `MAX_AHEAD` posts are not taken, blocks until all but
 * `RESUME_AT` are (see `DecodeWorkerData.taken`). Blocking is safe: the worker
 * has nothing to do until the receiver takes a batch, and `terminate()` ends a
 * wait. The receiver reads `[1]` after it adds to `[0]`, and the worker reads
 * `[0]` after it writes `[1]`: one of them sees the other's write, so no wake-up
 * is lost.
 */
const throttled = (port: Port, shared: Int32Array): ((message: unknown, transfer?: ArrayBuffer[]) => void) => {
  let sent = 0;
  return (message, transfer) => {
    port.postMessage(message, transfer);
    sent++;
    if (sent - Atomics.load(shared, 0) < MAX_AHEAD) return;
    const until = sent - RESUME_AT;
    Atomics.store(shared, 1, until);
    for (let seen = Atomics.load(shared, 0); seen < until; seen = Atomics.load(shared, 0))
      Atomics.wait(shared, 0, seen);
    Atomics.store(shared, 1, 0);
  };
};

const runCheck = async (port: Port, data: DecodeWorkerData, from: number): Promise<void> => {
  const post = throttled(port, new Int32Array(data.taken));
  const split = data.maxLineBytes === undefined ? {} : { maxLineBytes: data.maxLineBytes };
  const firstLine = (await newlinesBefore(data.path, from, data.chunkBytes)) + 1;
  let last = { lines: 0, bytes: 0 };
  for await (const part of checkRange(data.path, { start: from, firstLine }, data.chunkBytes, split)) {
    last = part;
    if (part.problems.length > 0) post({ check: part } satisfies CheckMessage);
  }
  port.postMessage({ end: true, lines: last.lines, bytes: last.bytes } satisfies CheckMessage);
  port.close();
};

/**
 * The lines after the receiver's head (`DecodeWorkerData.taken`, `[2]` and `[3]`):
 * lines the receiver has decoded are skipped, and the first batch it has not
 * finished is left to it too, as it is decoding it now; the worker starts
 * after that batch (`[3]`, unless the receiver set it first). Splitting those
 * lines again is cheap, decoding them twice is not.
 */
async function* afterTheHead(
  batches: AsyncIterable<readonly SplitItem[]>,
  shared: Int32Array,
): AsyncGenerator<readonly SplitItem[]> {
  let end = shared.length > 3 ? -1 : 0;
  for await (const batch of batches) {
    const last = batch[batch.length - 1];
    if (last === undefined) continue;
    if (end < 0) {
      const set = Atomics.load(shared, 3);
      if (set !== 0) end = set - 1;
      else if (last.line <= Atomics.load(shared, 2)) continue;
      else {
        const line = Math.min(last.line, 0x7ffffffe);
        const claimed = Atomics.compareExchange(shared, 3, 0, line + 1);
        end = claimed === 0 ? line : claimed - 1;
      }
    }
    if ((batch[0] as SplitItem).line > end) yield batch;
    else if (last.line > end) yield batch.filter((item) => item.line > end);
  }
}

const run = async (port: Port, data: DecodeWorkerData): Promise<void> => {
  if (data.checkFrom !== undefined) return runCheck(port, data, data.checkFrom);
  if (data.nice !== undefined) lowerThreadPriority(data.nice);
  const shared = new Int32Array(data.taken);
  const post = throttled(port, shared);
  const progress = { bytes: 0 };
  const split = data.maxLineBytes === undefined ? {} : { maxLineBytes: data.maxLineBytes };
  const encoder = new EntryEncoder();
  // No sharing of ids here: the encoder's string table already sends each repeated id once, and the
  // receiver gives it as one shared string. Sharing it in this thread too cost a second table of
  // every id and a lookup per id (measured: ~5 MB of this heap and ~3 % of `report`'s CPU on the 1M log).
  for await (const entries of decodeLogAsync(
    afterTheHead(
      readBatches(() => createReadStream(data.path, { highWaterMark: data.chunkBytes }), progress, split),
      shared,
    ),
    { shareIds: false },
  )) {
    const batch = encoder.encode(entries, progress.bytes);
    post({ batch }, [batch.slots.buffer as ArrayBuffer, batch.numbers.buffer as ArrayBuffer]);
  }
  port.postMessage({ end: true, bytesRead: progress.bytes });
  port.close();
};

if (!isMainThread && parentPort !== null) void run(parentPort, workerData as DecodeWorkerData);
