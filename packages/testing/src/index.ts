/**
 * @license-ledger/testing: fast-check arbitraries that generate audit logs the
 * ledger accepts (and logs with known faults), and reusable invariants of the
 * product rules, to write property-based tests of license ledgers.
 *
 * @since 0.1.0
 */
export { validHistory, type ValidHistoryOptions } from './arbitraries/valid-history';
export { modelledKesHistory, type ModelledKesHistoryOptions } from './arbitraries/modelled-kes-history';
export { svmHistory, type SvmHistoryOptions } from './arbitraries/svm-history';
export { expectedOutcomes, type ModelOutcome } from './model/expected-outcomes';
export {
  faultyHistory,
  type FaultKind,
  type FaultOutcome,
  type FaultyHistory,
  type FaultyHistoryOptions,
  type InjectedFault,
} from './arbitraries/faulty-history';
export { queryInstant } from './arbitraries/query-instant';
export { instantsAfter } from './arbitraries/instants-after';
export { eventToLine } from './wire/event-to-line';
export { wellFormedXmlProblems } from './documents/well-formed-xml';
export { ledgerFingerprint } from './fingerprint/ledger-fingerprint';
export { fingerprintDifference } from './fingerprint/fingerprint-difference';
export type { HistoryInvariant, StateInvariant, StepInvariant, Violations } from './invariants/invariant';
export { conservation } from './invariants/conservation';
export { noNegativeCounts } from './invariants/no-negative-counts';
export { oneStatePerLicense } from './invariants/one-state-per-license';
export { oneMachinePerLicense } from './invariants/one-machine-per-license';
export { oneAppliedKesPerMachine } from './invariants/one-applied-kes-per-machine';
export { groupsCountInstalledMachines } from './invariants/groups-count-installed-machines';
export { partialsFirst } from './invariants/partials-first';
export { autoExtendTakesUnused } from './invariants/auto-extend-takes-unused';
export { daysLeftNeverGrow } from './invariants/days-left-never-grow';
export { expiredStaysExpired } from './invariants/expired-stays-expired';
export { extensionsStartAtPreviousEnd } from './invariants/extensions-start-at-previous-end';
export { recoveryIsIdempotent } from './invariants/recovery-is-idempotent';
export { cleanDatabaseSparesKavKam } from './invariants/clean-database-spares-kav-kam';
export { reserveKeyBesideActiveKey } from './invariants/reserve-key-beside-active-key';
export { repeatedEventChangesNothing } from './invariants/repeated-event-changes-nothing';
export { replayIsDeterministic } from './invariants/replay-is-deterministic';
export { stepwiseEqualsReplay } from './invariants/stepwise-equals-replay';
export { snapshotEqualsReplay } from './invariants/snapshot-equals-replay';
export { strictAndLenientAgree } from './invariants/strict-and-lenient-agree';
export { checkEveryStep, type StepChecks } from './invariants/check-every-step';
export { checkAllInvariants, historyInvariants, stateInvariants, stepInvariants } from './invariants/registry';
export {
  advancedTo,
  day,
  eventBuilder,
  type EventBuilder,
  type EventFields,
  HOUR_MS,
  instantOf,
  ledgerAt,
  ledgerOf,
  numbered,
  replayedClean,
  rightOf,
  statesAlong,
  type Step,
  T0,
} from './builders/events';
export { licenseKey } from './builders/keys';
export { mixedPool } from './builders/scenarios';
export {
  type Expectation,
  type Expectations,
  type ExpectedOutcome,
  ledgerSpec,
  type LedgerSpecGiven,
  type LedgerSpecWhen,
} from './spec/ledger-spec';
