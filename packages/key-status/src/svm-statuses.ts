import * as E from 'fp-ts/Either';
import {
  getSvm,
  historyToArray,
  listSvms,
  type Instant,
  type LedgerState,
  type QueryError,
  type Svm,
  type TaskErrorReason,
} from '@license-ledger/core';
import { unknownSvm } from '@license-ledger/core/internal';
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
export const svmStatuses = (state: LedgerState): readonly SvmStatus[] => listSvms(state).map(svmStatus);

/**
 * The key status of one SVM at the state's clock: its slots (active and reserve
 * key, licensed or not) and failed activation tasks. An SVM never registered is a
 * `Left` (`unknown-svm`). Every SVM at a later instant: `keyStatusAt`.
 *
 * @since 0.1.0
 */
export const keyStatus =
  (svmId: string) =>
  (state: LedgerState): E.Either<QueryError, SvmStatus> => {
    const svm = getSvm(state, svmId);
    return svm === undefined ? E.left(unknownSvm(svmId)) : E.right(svmStatus(svm));
  };
