import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/**
 * How much lower than its process's priority the decoding worker of
 * `openDecodedAuditLog` runs by default, as a nice increment (see
 * `DecodedLogOptions.workerNice`).
 *
 * Why: the worker decodes ahead of the fold and waits once `MAX_AHEAD` batches
 * are not taken, while the fold, on the calling thread, is what the command
 * waits for. On a 2-core machine the worker, the fold and V8's collector
 * threads want more than the two cores: at equal priority a woken worker took
 * the fold's core (the fold's thread waited 1.0–1.8 s of a 10 s `report` of
 * the 1M-event log on the run queue; docs/performance.md, "Eleventh session").
 * At a lower priority it runs on what the fold leaves, which is enough: it
 * needs ~70 % of the fold's time.
 *
 * @since 0.6.0
 */
export const WORKER_NICE = 5;

/**
 * The calling thread's id where the system gives a thread a priority of its
 * own (Linux, where `/proc/thread-self` names it); `undefined` elsewhere.
 */
const threadId = (): number | undefined => {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isSafeInteger(id) && id > 0 ? id : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Lowers the calling thread's scheduling priority by `nice`, rounded (added to its nice
 * value, at most 19) where a thread has one of its own (Linux); returns
 * whether it did. Elsewhere, or where the system refuses, nothing changes: it
 * is a hint, never a failure. Only lowering: an unprivileged process cannot
 * raise a priority back, and a worker thread's priority ends with it.
 *
 * @since 0.6.0
 */
export const lowerThreadPriority = (nice: number): boolean => {
  // Whole steps only: an increment that rounds to 0 lowers nothing, and says so.
  const step = Math.round(nice);
  if (!(step > 0)) return false;
  const id = threadId();
  if (id === undefined) return false;
  try {
    setPriority(id, Math.min(19, getPriority(id) + step));
    return true;
  } catch {
    return false;
  }
};
