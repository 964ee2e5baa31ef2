import * as E from 'fp-ts/Either';
import {
  historyToArray,
  listSvms,
  type Instant,
  type LedgerState,
  type QueryError,
  type Svm,
  type TaskErrorReason,
} from '@license-ledger/core';
import { getSvm, unknownSvm } from '@license-ledger/core/internal';
import { slotStatus, type SlotStatus } from './slot-status';

/**
 * One SVM as the report shows it: its cluster, its slots in type order and every
 * activation task that failed on it, oldest first (R-K4).
 *
 * @since 0.1.0
 */
export interface SvmStatus {
  readonly svmId: string;
  readonly clusterId: string;
  readonly slots: readonly SlotStatus[];
  readonly taskErrors: readonly { readonly at: Instant; readonly keyId: string; readonly reason: TaskErrorReason }[];
}

const byType = (a: SlotStatus, b: SlotStatus): number => (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);

const svmStatus = (svm: Svm): SvmStatus => ({
  svmId: svm.svmId,
  clusterId: svm.clusterId,
  // Core keeps slots in type order already; sorting here keeps the view's promise on its own.
  slots: svm.slots.map(slotStatus).sort(byType),
  taskErrors: historyToArray(svm.taskErrors).map(({ at, keyId, reason }) => ({ at, keyId, reason })),
});

/**
 * Every registered SVM's key status at the state's clock, sorted by SVM id.
 *
 * @since 0.1.0
 */
export const svmStatuses = (state: Pick<LedgerState, 'svms'>): readonly SvmStatus[] => listSvms(state).map(svmStatus);

/**
 * The key status of one SVM at the state's clock: its slots (active and reserve
 * key, licensed or not) and failed activation tasks. An SVM never registered is a
 * `Left` (`unknown-svm`). Every SVM at a later instant: `keyStatusAt`.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { keyStatus } from '@license-ledger/key-status'
 * const log = [
 *   '{"type":"SvmRegistered","id":"k1","at":"2025-01-01T00:00:00Z","svmId":"svm-1","clusterId":"c-1"}',
 *   '{"type":"KeyActivated","id":"k2","at":"2025-01-01T00:00:00Z","svmId":"svm-1","key":{"keyId":"K-A","type":"server","edition":"standard","subscription":false,"termDays":365},"viaActivationCode":false}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const status = keyStatus('svm-1')(state)
 * assert(status._tag === 'Right')
 * assert.deepStrictEqual(status.right.slots.map((slot) => [slot.type, slot.status, slot.active?.keyId]), [['server', 'licensed', 'K-A']])
 * const unknown = keyStatus('svm-2')(state)
 * assert(unknown._tag === 'Left' && unknown.left.kind === 'unknown-svm')
 */
export const keyStatus =
  (svmId: string) =>
  (state: Pick<LedgerState, 'svms'>): E.Either<QueryError, SvmStatus> => {
    const svm = getSvm(state, svmId);
    return svm === undefined ? E.left(unknownSvm(svmId)) : E.right(svmStatus(svm));
  };
