/**
 * @license-ledger/core: software licenses as an event-sourced ledger.
 *
 * Events are io-ts codecs (decode once, at the edge); pure reducers fold them
 * into per-pool, per-license, per-machine and per-SVM projections; every state
 * is immutable and can be asked about any instant at or after its clock.
 *
 * @since 0.1.0
 * @module @license-ledger/core
 */
export * from './time/instant';
export * from './events/primitives';
export type { StructOf, StructProps } from './events/struct';
export * from './events/license-events';
export * from './events/key-events';
export * from './events/ledger-event';
export * from './events/decode';
export { eventProblem } from './events/check-event';
export { mismatchOf } from './events/struct';
export type { RuleId } from './state/rules';
export type { License, LicenseChange, LicenseStatus, PartialRank } from './state/license';
export { POOL_COUNTERS, type Pool, type PoolCounter, type PoolCounts, type Purchase } from './state/pool';
export type { DeletedAgent, Installation, Machine, MachineChange } from './state/machine';
export type { ActiveKey, KeySlot, Svm, SvmChange, TaskError, TaskErrorReason } from './state/svm';
export type { Due, KeyEnd, LedgerState, LicenseEnd, RenewingEnd } from './state/ledger-state';
export { emptyLedger, type LedgerOptions, type PoolObserver } from './ledger/draft';
export { DEFAULT_HASH_SEED, hashSeedOf, type HashSeed } from './collections/hash-seed';
export { advanceTo, type AdvanceOptions, applyEvent, type ApplyResult, type Outcome } from './ledger/apply';
export { forecastPools } from './ledger/forecast';
export type { Rejection } from './ledger/rejection';
export { DEFAULT_KES_TERM_DAYS } from './ledger/handlers/purchase';
export { CLEAN_DATABASE_EXEMPT } from './ledger/handlers/agent';
export { daysLeftAt } from './ledger/licenses';
export { type PoolTally, unusedCount } from './ledger/tally';
// Listed one by one: `replayerOver` is core's own.
export {
  createReplayer,
  DEFAULT_MAX_PROBLEMS,
  type LogEntry,
  type Problem,
  type PushOutcome,
  replay,
  replayAsync,
  type Replayer,
  type ReplayInput,
  type ReplayMode,
  type ReplayOptions,
  type ReplayResult,
  type ReplayStats,
  type ReplayView,
} from './replay/replayer';
export {
  fromSnapshot,
  SNAPSHOT_FORMAT_VERSION,
  snapshotInfo,
  toSnapshot,
  type Crc32,
  type FromSnapshotOptions,
  type SnapshotError,
  type SnapshotInfo,
  type ToSnapshotOptions,
} from './snapshot/snapshot';
export { replayerFromSnapshot, type ReplayerFromSnapshotOptions } from './snapshot/replayer-from-snapshot';
export * from './log/ndjson';
export * from './log/json-structure';
export * from './log/decode-log';
export {
  licenseIdOf,
  listMachines,
  listPools,
  listSvms,
  parseLicenseId,
  purchaseOf,
  untouchedRange,
} from './query/lookup';
export type { QueryError } from './query/query-error';
export { licensesOf, lookupLicense, lookupMachine, lookupPool, lookupSvm, touchedLicensesOf } from './query/by-id';
export { explainLicense, type LicenseExplanation } from './query/explain-license';
export { explainMachine, type MachineExplanation } from './query/explain-machine';
export { byId, compareIds } from './query/compare-ids';
export type { Edit, PersistentMap } from './collections/persistent-map';
export type { Compare, Heap } from './collections/leftist-heap';
export { historyToArray, type History } from './collections/history';
export type { IdHashMap } from './collections/id-hash-map';
