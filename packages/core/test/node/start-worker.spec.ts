import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Worker } from 'node:worker_threads';
import { MAX_AHEAD, RESUME_AT } from '../../src/node/decode-worker';
import { EntryDecoder, type PackedBatch } from '../../src/node/entry-codec';
import {
  messageOf,
  queuedWorker,
  SMALL_READ_BYTES,
  startWorker,
  WORKER_OLD_GENERATION_MB,
  WORKER_YOUNG_GENERATION_MB,
  workerOldGenerationMb,
  workerStopped,
} from '../../src/node/start-worker';
import { BUILT_WORKER, ensureBuiltCore } from '../support/built-core';

/** The first message `worker` posts (or its first error, as a rejection). */
const firstMessage = <M>(worker: Worker): Promise<M> =>
  new Promise<M>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });

/** Runs `body` with a fresh temporary folder, removed afterwards whatever happens. */
const inTempDir = async (body: (dir: string) => Promise<void>): Promise<void> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-start-worker-'));
  try {
    await body(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

describe('workerStopped', () => {
  test('R-L2: a stopped worker is one read-error problem on the line after the last one it gave', () => {
    expect(workerStopped(41, 'decoding', 'it exited with code 7')).toEqual({
      line: 41,
      problem: 'read error: the decoding worker stopped: it exited with code 7',
      eventId: null,
    });
    expect(workerStopped(1, 'checking', 'boom').problem).toBe('read error: the checking worker stopped: boom');
  });
});

describe('messageOf', () => {
  test('the first line of any error, from any realm, or of anything thrown', () => {
    expect(messageOf(new Error('disk on fire\n    at somewhere'))).toBe('disk on fire');
    expect(messageOf({ message: 'from another realm' })).toBe('from another realm');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
  });
});

describe('workerOldGenerationMb', () => {
  const MiB = 1024 * 1024;
  test('WORKER_OLD_GENERATION_MB for lines of the default length and up to 16 MiB; 64 times the longest line above', () => {
    expect(workerOldGenerationMb()).toBe(WORKER_OLD_GENERATION_MB);
    expect(workerOldGenerationMb(1)).toBe(WORKER_OLD_GENERATION_MB);
    expect(workerOldGenerationMb(16 * MiB)).toBe(WORKER_OLD_GENERATION_MB);
    expect(workerOldGenerationMb(16 * MiB + 1)).toBe(WORKER_OLD_GENERATION_MB + 1);
    expect(workerOldGenerationMb(64 * MiB)).toBe(4096);
  });
});

describe('startWorker', () => {
  test('starts a worker with the data it is given', async () => {
    await inTempDir(async (dir) => {
      const file = path.join(dir, 'echo.js');
      fs.writeFileSync(
        file,
        "const { parentPort, workerData } = require('node:worker_threads'); parentPort.postMessage(workerData.path);",
      );
      const worker = startWorker(file, { path: 'hello', chunkBytes: 1, taken: new SharedArrayBuffer(8) });
      expect(await firstMessage<string>(worker)).toBe('hello');
      await worker.terminate();
    });
  });

  test('a worker reading at most SMALL_READ_BYTES at a time gets a young generation of WORKER_YOUNG_GENERATION_MB; one reading more keeps V8 default', async () => {
    await inTempDir(async (dir) => {
      const file = path.join(dir, 'young.js');
      // Fills its young generation many times over with objects that survive a while, then says how large V8 let it grow.
      fs.writeFileSync(
        file,
        "const { parentPort } = require('node:worker_threads'); const v8 = require('node:v8'); const keep = []; for (let i = 0; i < 1e6; i++) { keep.push({ i }); if (keep.length > 4e4) keep.length = 0; } parentPort.postMessage(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);",
      );
      const started = async (chunkBytes: number): Promise<{ limit: number | undefined; newSpace: number }> => {
        const worker = startWorker(file, { path: 'x', chunkBytes, taken: new SharedArrayBuffer(8) });
        try {
          const newSpace = await firstMessage<number>(worker);
          return { limit: worker.resourceLimits?.maxYoungGenerationSizeMb, newSpace };
        } finally {
          await worker.terminate();
        }
      };
      const small = await started(SMALL_READ_BYTES);
      expect(small.limit).toBe(WORKER_YOUNG_GENERATION_MB);
      // Two semi-spaces of a third of the limit each (the last third is for large young objects).
      expect(small.newSpace).toBeLessThanOrEqual(((WORKER_YOUNG_GENERATION_MB * 2) / 3) * 1024 * 1024);
      const large = await started(SMALL_READ_BYTES + 1);
      expect(large.limit).not.toBe(WORKER_YOUNG_GENERATION_MB);
    });
  });

  test('every worker gets an old generation of workerOldGenerationMb of its longest line, whatever it reads at a time', async () => {
    await inTempDir(async (dir) => {
      const file = path.join(dir, 'idle.js');
      fs.writeFileSync(file, "require('node:worker_threads').parentPort.postMessage('started');");
      const oldGenerationOf = async (data: {
        chunkBytes: number;
        maxLineBytes?: number;
      }): Promise<number | undefined> => {
        const worker = startWorker(file, { path: 'x', ...data, taken: new SharedArrayBuffer(8) });
        try {
          await firstMessage<string>(worker);
          return worker.resourceLimits?.maxOldGenerationSizeMb;
        } finally {
          await worker.terminate();
        }
      };
      expect(await oldGenerationOf({ chunkBytes: SMALL_READ_BYTES })).toBe(WORKER_OLD_GENERATION_MB);
      expect(await oldGenerationOf({ chunkBytes: 1024 * 1024 })).toBe(WORKER_OLD_GENERATION_MB);
      expect(await oldGenerationOf({ chunkBytes: SMALL_READ_BYTES, maxLineBytes: 32 * 1024 * 1024 })).toBe(2048);
    });
  });
});

describe('queuedWorker', () => {
  test('gives the messages in order, then why the worker stopped; a file that cannot load fails at once', async () => {
    await inTempDir(async (dir) => {
      const file = path.join(dir, 'count.js');
      fs.writeFileSync(
        file,
        "const { parentPort } = require('node:worker_threads'); for (let i = 1; i <= 3; i++) parentPort.postMessage(i); process.exit(7);",
      );
      const worker = queuedWorker<number>(file, { path: 'x', chunkBytes: 1 });
      expect([await worker.next(), await worker.next(), await worker.next()]).toEqual([1, 2, 3]);
      expect(await worker.next()).toEqual({ failed: 'it exited with code 7' });
      worker.stop();
      const missing = queuedWorker<number>(path.join(dir, 'missing.js'), { path: 'x', chunkBytes: 1 });
      expect(await missing.next()).toHaveProperty('failed');
      missing.stop();
    });
  });

  test('the decoding worker decodes and sends only the lines after the head decoded here: to the end this thread set (endHead), or after the batch it is decoding (decodedHere), and ends with the bytes it read', async () => {
    ensureBuiltCore();
    await inTempDir(async (dir) => {
      const file = path.join(dir, 'log.ndjson');
      const text = Array.from({ length: 300 }, (_, i) => `{"type":"Nope","id":"n${i + 1}"}`).join('\r\n') + '\n\n';
      fs.writeFileSync(file, text);
      const linesOf = async (
        head: { end: number } | { decoded: number },
      ): Promise<{ lines: number[]; end: number }> => {
        const worker = queuedWorker<{ batch?: PackedBatch; end?: true; bytesRead?: number }>(BUILT_WORKER, {
          path: file,
          chunkBytes: 256,
        });
        // Before the worker has loaded its code: it reads these before its first batch.
        if ('end' in head) expect(worker.endHead(head.end)).toBe(head.end);
        else worker.decodedHere(head.decoded);
        const decoder = new EntryDecoder();
        const lines: number[] = [];
        for (;;) {
          const message = await worker.next();
          if ('failed' in message) throw new Error(message.failed);
          if (message.batch === undefined) {
            expect(message.bytesRead).toBe(Buffer.byteLength(text));
            break;
          }
          lines.push(...decoder.decode(message.batch).map((entry) => entry.line));
          worker.answer();
        }
        const end = worker.headEnd();
        worker.stop();
        return { lines, end: end ?? -1 };
      };
      const after = (end: number): number[] => Array.from({ length: Math.max(0, 300 - end) }, (_, i) => end + i + 1);
      for (const end of [0, 1, 137, 300, 5000]) expect(await linesOf({ end })).toEqual({ lines: after(end), end });
      for (const decoded of [0, 137]) {
        // About 8 lines per batch of 256 bytes: the worker leaves the next batch, the one being decoded here, to this thread.
        const { lines, end } = await linesOf({ decoded });
        expect(end).toBeGreaterThan(decoded);
        expect(end).toBeLessThan(decoded + 12);
        expect(lines).toEqual(after(end));
      }
    });
  }, 60_000);

  test('the decoding worker posts at most MAX_AHEAD batches not taken, and goes on once all but RESUME_AT are taken', async () => {
    ensureBuiltCore();
    const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 300));
    // Waits for the worker to have posted `count` (a loaded CI machine may take seconds), then a little longer,
    // so that a worker which did not stop there would have posted more.
    const pendingReaches = async (worker: { pending(): number }, count: number): Promise<void> => {
      for (let tries = 0; worker.pending() < count && tries < 100; tries++) await settle();
      await settle();
    };
    await inTempDir(async (dir) => {
      const file = path.join(dir, 'log.ndjson');
      // 40 chunks of 64 bytes: ~40 batches, far more than MAX_AHEAD.
      fs.writeFileSync(file, 'not json\n'.repeat(40 * 7));
      const worker = queuedWorker<{ batch?: { count: number }; end?: true }>(BUILT_WORKER, {
        path: file,
        chunkBytes: 64,
      });
      await pendingReaches(worker, MAX_AHEAD);
      expect(worker.pending()).toBe(MAX_AHEAD);
      await worker.next();
      worker.answer();
      await settle();
      // Not woken for one batch taken: it waits until only RESUME_AT are left.
      expect(worker.pending()).toBe(MAX_AHEAD - 1);
      for (let taken = 1; taken < MAX_AHEAD - RESUME_AT; taken++) {
        await worker.next();
        worker.answer();
      }
      await pendingReaches(worker, MAX_AHEAD);
      expect(worker.pending()).toBe(MAX_AHEAD);
      let lines = 0;
      for (;;) {
        const message = await worker.next();
        if ('failed' in message) throw new Error(message.failed);
        if (message.end === true) break;
        lines += message.batch?.count ?? 0;
        worker.answer();
        expect(worker.pending()).toBeLessThanOrEqual(MAX_AHEAD);
      }
      expect(lines).toBeGreaterThan(200);
      worker.stop();
    });
  }, 60_000);
});
