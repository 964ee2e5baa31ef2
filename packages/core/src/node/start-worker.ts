import { Worker } from 'node:worker_threads';
import type { DecodeWorkerData } from './decode-worker';

// Not `instanceof Error`: errors made in another realm would fail it.
/** The first line of an error's message. */
export const messageOf = (error: unknown): string =>
  (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : String(error)
  ).split('\n', 1)[0] ?? '';

/** The parent's flags but `--input-type`, which a worker started from a file refuses (`node --input-type=module -e …`). */
const workerExecArgv = (): string[] =>
  process.execArgv.filter((arg, i, all) => !arg.startsWith('--input-type') && all[i - 1] !== '--input-type');

/**
 * The decoding worker, with the parent's flags when Node allows them in a
 * worker (a loader, conditions), else with none: V8 and process-wide flags
 * (`node --trace-gc`, `--max-old-space-size`) are refused in a worker, and the
 * decoder, plain JavaScript next to this file, needs none of them.
 */
export const startWorker = (file: string | URL, data: DecodeWorkerData): Worker => {
  try {
    return new Worker(file, { workerData: data, execArgv: workerExecArgv() });
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error;
    return new Worker(file, { workerData: data, execArgv: [] });
  }
};
