import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { lowerThreadPriority } from '../../src/node/thread-priority';
import { CORE, ensureBuiltCore } from '../support/built-core';

/** Threads have priorities of their own only on Linux. */
const onLinux = fs.existsSync('/proc/thread-self');
const linuxOnly = onLinux ? test : test.skip;

beforeAll(() => ensureBuiltCore(), 300_000);

/** Runs `lowerThreadPriority(nice)` in a new worker thread: what it returned, and the worker's priority before and after. */
const inWorker = (nice: number): Promise<{ lowered: boolean; before: number; after: number }> =>
  new Promise((resolve, reject) => {
    const built = path.join(CORE, 'dist', 'cjs', 'node', 'thread-priority.js');
    const worker = new Worker(
      `const os = require('node:os'); const { parentPort, workerData } = require('node:worker_threads');
       const { lowerThreadPriority } = require(workerData.built);
       const before = os.getPriority();
       const lowered = lowerThreadPriority(workerData.nice);
       parentPort.postMessage({ lowered, before, after: os.getPriority() });`,
      { eval: true, workerData: { built, nice } },
    );
    worker.once('message', resolve);
    worker.once('error', reject);
  });

describe('lowerThreadPriority', () => {
  linuxOnly('lowers the calling thread by the increment, and no other thread', async () => {
    const process = os.getPriority();
    const { lowered, before, after } = await inWorker(3);
    expect(lowered).toBe(true);
    expect(before).toBe(process);
    expect(after).toBe(Math.min(19, before + 3));
    expect(os.getPriority()).toBe(process);
  });

  linuxOnly('never goes past 19, the lowest priority', async () => {
    const { lowered, after } = await inWorker(40);
    expect(lowered).toBe(true);
    expect(after).toBe(19);
  });

  test('an increment of 0, one that rounds to 0, a negative one or NaN changes nothing', async () => {
    expect(lowerThreadPriority(0)).toBe(false);
    expect(lowerThreadPriority(0.4)).toBe(false);
    expect(lowerThreadPriority(-5)).toBe(false);
    expect(lowerThreadPriority(Number.NaN)).toBe(false);
    const { lowered, before, after } = await inWorker(-5);
    expect(lowered).toBe(false);
    expect(after).toBe(before);
  });
});
