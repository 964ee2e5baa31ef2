/**
 * The decoding worker of `openDecodedAuditLog`: reads the file (gunzipping it when it
 * is gzip), splits and decodes its lines with the same functions as the in-thread
 * path, and posts the entries in compact form (`entry-codec`), a batch per chunk
 * read. At most `MAX_AHEAD` batches are in flight: it waits for the reader to take
 * one before posting more, so a slow fold never makes the worker hold the file.
 * Loaded only as a worker; it does nothing when imported on a main thread.
 *
 * @since 0.3.0
 */
import { createReadStream } from 'node:fs';
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { decodeLogAsync } from '../log/decode-log';
import { EntryEncoder } from './entry-codec';
import { readBatches } from './open-audit-log';

/**
 * What the worker is started with.
 *
 * @since 0.3.0
 */
export interface DecodeWorkerData {
  readonly path: string;
  readonly chunkBytes: number;
  readonly maxLineBytes?: number;
  /** `DecodeOptions.shareIds`; true when absent. */
  readonly shareIds?: boolean;
}

/** Batches posted and not yet taken that the worker allows before it waits. @since 0.3.0 */
export const MAX_AHEAD = 4;

const run = async (port: NonNullable<typeof parentPort>, data: DecodeWorkerData): Promise<void> => {
  let ahead = 0;
  let wake: (() => void) | undefined;
  port.on('message', () => {
    ahead--;
    wake?.();
    wake = undefined;
  });
  const progress = { bytes: 0 };
  const split = data.maxLineBytes === undefined ? {} : { maxLineBytes: data.maxLineBytes };
  const encoder = new EntryEncoder();
  for await (const entries of decodeLogAsync(
    readBatches(() => createReadStream(data.path, { highWaterMark: data.chunkBytes }), progress, split),
    { shareIds: data.shareIds ?? true },
  )) {
    const batch = encoder.encode(entries, progress.bytes);
    port.postMessage({ batch }, [batch.slots.buffer as ArrayBuffer, batch.numbers.buffer as ArrayBuffer]);
    ahead++;
    while (ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
  }
  port.postMessage({ end: true });
  port.close();
};

if (!isMainThread && parentPort !== null) void run(parentPort, workerData as DecodeWorkerData);
