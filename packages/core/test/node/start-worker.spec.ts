import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { messageOf, startWorker } from '../../src/node/start-worker';

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
