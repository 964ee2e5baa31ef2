import { autoExtendTakesUnused } from './auto-extend-takes-unused';
import { checkEveryStep } from './check-every-step';
import { cleanDatabaseSparesKavKam } from './clean-database-spares-kav-kam';
import { conservation } from './conservation';
import { daysLeftNeverGrow } from './days-left-never-grow';
import { expiredStaysExpired } from './expired-stays-expired';
import { extensionsStartAtPreviousEnd } from './extensions-start-at-previous-end';
import { groupsCountInstalledMachines } from './groups-count-installed-machines';
import type { HistoryInvariant, StateInvariant, StepInvariant } from './invariant';
import { noNegativeCounts } from './no-negative-counts';
import { oneAppliedKesPerMachine } from './one-applied-kes-per-machine';
import { oneMachinePerLicense } from './one-machine-per-license';
import { oneStatePerLicense } from './one-state-per-license';
import { partialsFirst } from './partials-first';
import { recoveryIsIdempotent } from './recovery-is-idempotent';
import { repeatedEventChangesNothing } from './repeated-event-changes-nothing';
import { replayIsDeterministic } from './replay-is-deterministic';
import { reserveKeyBesideActiveKey } from './reserve-key-beside-active-key';
import { stepwiseEqualsReplay } from './stepwise-equals-replay';
import { strictAndLenientAgree } from './strict-and-lenient-agree';

/**
 * Every state invariant, by name.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { stateInvariants } from '@license-ledger/testing'
 * assert.deepStrictEqual(Object.values(stateInvariants).flatMap((check) => check(emptyLedger())), [])
 */
export const stateInvariants = {
  conservation,
  noNegativeCounts,
  oneStatePerLicense,
  oneMachinePerLicense,
  oneAppliedKesPerMachine,
  groupsCountInstalledMachines,
  autoExtendTakesUnused,
  extensionsStartAtPreviousEnd,
  recoveryIsIdempotent,
  cleanDatabaseSparesKavKam,
  reserveKeyBesideActiveKey,
} as const satisfies Record<string, StateInvariant>;

/**
 * Every step invariant, by name.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { stepInvariants } from '@license-ledger/testing'
 * assert.deepStrictEqual(Object.keys(stepInvariants), ['partialsFirst', 'daysLeftNeverGrow', 'expiredStaysExpired'])
 */
export const stepInvariants = { partialsFirst, daysLeftNeverGrow, expiredStaysExpired } as const satisfies Record<
  string,
  StepInvariant
>;

/**
 * Every whole-history invariant that needs nothing but the events, by name
 * (`snapshotEqualsReplay` also needs an instant).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { historyInvariants } from '@license-ledger/testing'
 * assert.deepStrictEqual(historyInvariants.replayIsDeterministic([]), [])
 */
export const historyInvariants = {
  repeatedEventChangesNothing,
  replayIsDeterministic,
  stepwiseEqualsReplay,
  strictAndLenientAgree,
} as const satisfies Record<string, HistoryInvariant>;

/**
 * Every invariant on one history: the state invariants after every event and
 * at every time-driven change, the step invariants on every step (on the
 * states of `applyEvent`, then again on those of one replay), and the
 * whole-history ones. The one check to run on a user's own generated histories.
 *
 * @since 0.1.0
 * @example
 * import fc from 'fast-check'
 * import { checkAllInvariants, validHistory } from '@license-ledger/testing'
 * fc.assert(fc.property(validHistory(), (events) => checkAllInvariants(events).length === 0), { numRuns: 20 })
 */
export const checkAllInvariants: HistoryInvariant = (events) => [
  ...checkEveryStep({ state: Object.values(stateInvariants), step: Object.values(stepInvariants) })(events),
  // The same checks on the states of one replay fed event by event (the transient backing).
  ...checkEveryStep({
    state: Object.values(stateInvariants),
    step: Object.values(stepInvariants),
    betweenEvents: false,
    backing: 'replay',
  })(events).map((violation) => `replay: ${violation}`),
  ...Object.entries(historyInvariants).flatMap(([name, check]) =>
    check(events).map((violation) => `${name}: ${violation}`),
  ),
];
