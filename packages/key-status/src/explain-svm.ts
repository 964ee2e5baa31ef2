/**
 * The explanation of one SVM: its key status and every change of its keys.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/Either';
import { historyToArray, type LedgerState, lookupSvm, type QueryError, type SvmChange } from '@license-ledger/core';
import { keyStatus, type SvmStatus } from './svm-statuses';

/**
 * An SVM, explained at the state's clock.
 *
 * @since 0.3.0
 */
export interface SvmExplanation {
  /** Its slots and failed activation tasks, as `keyStatus` gives them. */
  readonly status: SvmStatus;
  /** Oldest first: every key activated, added, taking over or ending, with the event and rule behind it. */
  readonly history: readonly SvmChange[];
}

/**
 * Explains an SVM at the state's clock: its key status (`keyStatus`) and the
 * history of its keys, each step with its event and rule (a `null` event is a
 * time-driven change, R-T4). `unknown-svm` when no SVM of that id was registered.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { explainSvm } from '@license-ledger/key-status'
 * const log = [
 *   '{"type":"SvmRegistered","id":"k1","at":"2025-01-01T00:00:00Z","svmId":"svm-1","clusterId":"c-1"}',
 *   '{"type":"KeyActivated","id":"k2","at":"2025-01-01T00:00:00Z","svmId":"svm-1","key":{"keyId":"K-A","type":"server","edition":"standard","subscription":false,"termDays":365},"viaActivationCode":false}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const explained = explainSvm('svm-1')(state)
 * assert(explained._tag === 'Right')
 * assert.deepStrictEqual(explained.right.history.map((step) => [step.eventId, step.keyId]), [['k1', null], ['k2', 'K-A']])
 * assert.equal(explainSvm('svm-2')(state)._tag, 'Left')
 */
export const explainSvm =
  (svmId: string) =>
  (state: LedgerState): E.Either<QueryError, SvmExplanation> => {
    const svm = lookupSvm(svmId)(state);
    const status = keyStatus(svmId)(state);
    if (E.isLeft(svm)) return svm;
    if (E.isLeft(status)) return status;
    return E.right({ status: status.right, history: historyToArray(svm.right.history) });
  };
