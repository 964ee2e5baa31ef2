/**
 * Reading key state in core's key specs (events are written with @license-ledger/testing's
 * eventBuilder and licenseKey): time arithmetic, a lenient replay, slots, task errors, history.
 */
import {
  DAY_MS,
  getSvm,
  historyToArray,
  replay,
  type Instant,
  type KeySlot,
  type KeyTypeName,
  type LedgerEvent,
  type LedgerState,
  type ReplayResult,
  type SvmChange,
  type TaskError,
} from '../../src/index';

export const plusDays = (from: Instant, days: number): Instant => (from + days * DAY_MS) as Instant;
export const plusMs = (from: Instant, ms: number): Instant => (from + ms) as Instant;

/** Lenient replay, so a test can look at every rejection. */
export const run = (events: readonly LedgerEvent[]): ReplayResult => replay({ mode: 'lenient' })(events);

export const slotOf = (state: LedgerState, svmId: string, type: KeyTypeName): KeySlot | undefined =>
  getSvm(state, svmId)?.slots.find((slot) => slot.type === type);

export const activeKeyId = (state: LedgerState, svmId: string, type: KeyTypeName): string | null =>
  slotOf(state, svmId, type)?.active?.key.keyId ?? null;

export const reserveKeyId = (state: LedgerState, svmId: string, type: KeyTypeName): string | null =>
  slotOf(state, svmId, type)?.reserve?.keyId ?? null;

export const taskErrorsOf = (state: LedgerState, svmId: string): TaskError[] => {
  const svm = getSvm(state, svmId);
  return svm === undefined ? [] : historyToArray(svm.taskErrors);
};

export const slotTypes = (state: LedgerState, svmId: string): KeyTypeName[] =>
  getSvm(state, svmId)?.slots.map((slot) => slot.type) ?? [];

export const historyOf = (state: LedgerState, svmId: string): SvmChange[] => {
  const svm = getSvm(state, svmId);
  return svm === undefined ? [] : historyToArray(svm.history);
};
