/**
 * @license-ledger/key-status: Kaspersky active and reserve keys per SVM (rules
 * R-K1–R-K5), read from a ledger state: each slot's status as the report prints
 * it, the activation tasks that failed, and the slots at risk of going unlicensed.
 *
 * @since 0.1.0
 * @module @license-ledger/key-status
 */
export type { SlotStatus, SlotStatusName } from './slot-status';
export { keyStatus, type SvmStatus } from './svm-statuses';
export { keyStatusAt } from './key-status-at';
export { explainSvm, type SvmExplanation } from './explain-svm';
export { atRisk, type AtRisk } from './at-risk';
