import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { messageOf, queuedWorker, startWorker } from '../../src/node/start-worker';

describe('messageOf', () => {
  test('the first line of any error, from any realm, or of anything thrown', () => {
    expect(messageOf(new Error('disk on fire\n    at somewhere'))).toBe('disk on fire');
    expect(messageOf({ message: 'from another realm' })).toBe('from another realm');
    expect(messageOf('plain')).toBe('plain');
    expect(messageOf(42)).toBe('42');
  });
});

describe('startWorker', () => {
  test('starts a worker with the data it is given', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-start-worker-'));
    try {
      const file = path.join(dir, 'echo.js');
      fs.writeFileSync(
        file,
        "const { parentPort, workerData } = require('node:worker_threads'); parentPort.postMessage(workerData.path);",
      );
      const worker = startWorker(file, { path: 'hello', chunkBytes: 1 });
      const message = await new Promise((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      expect(message).toBe('hello');
      await worker.terminate();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('queuedWorker', () => {
  test('gives the messages in order, then why the worker stopped; a file that cannot load fails at once', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-queued-worker-'));
    try {
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
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
