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
import type { SplitItem } from '../log/ndjson';
import { EntryEncoder, packTexts } from './entry-codec';
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
  /** Send each event's line as written with it (`DecodedLogOptions.texts`). */
  readonly texts?: boolean;
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
  // The split lines of the batch being decoded (decodeLogAsync maps each batch to its entries in turn).
  let items: readonly SplitItem[] = [];
  async function* kept(source: AsyncIterable<readonly SplitItem[]>): AsyncGenerator<readonly SplitItem[]> {
    for await (const batch of source) {
      items = batch;
      yield batch;
    }
  }
  const batches = readBatches(() => createReadStream(data.path, { highWaterMark: data.chunkBytes }), progress, split);
  for await (const entries of decodeLogAsync(data.texts === true ? kept(batches) : batches)) {
    const batch = encoder.encode(entries, progress.bytes);
    const texts = data.texts === true ? packTexts(items) : undefined;
    const transfer = [batch.slots.buffer as ArrayBuffer, batch.numbers.buffer as ArrayBuffer];
    if (texts !== undefined) transfer.push(texts.ends.buffer as ArrayBuffer);
    port.postMessage(texts === undefined ? { batch } : { batch, texts }, transfer);
    ahead++;
    while (ahead >= MAX_AHEAD) await new Promise<void>((resolve) => (wake = resolve));
  }
  port.postMessage({ end: true });
  port.close();
};

if (!isMainThread && parentPort !== null) void run(parentPort, workerData as DecodeWorkerData);
