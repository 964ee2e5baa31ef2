import type { LedgerEvent, LedgerState } from '@license-ledger/core';

/**
 * What a check found wrong, one sentence each naming the pool, license,
 * machine or SVM and the rule; empty when all is well.
 *
 * @since 0.1.0
 */
export type Violations = readonly string[];

/**
 * A check of one ledger state.
 *
 * @since 0.1.0
 */
export type StateInvariant = (state: LedgerState) => Violations;

/**
 * A check of one step: the state before an event, the event, and the state after it
 * (after the time-driven changes due by the event's instant, R-T4).
 *
 * @since 0.1.0
 */
export type StepInvariant = (before: LedgerState, event: LedgerEvent, after: LedgerState) => Violations;

/**
 * A check of a whole history (a list of events, valid or not).
 *
 * @since 0.1.0
 */
export type HistoryInvariant = (events: readonly LedgerEvent[]) => Violations;
