/**
 * @license-ledger/core: software licenses as an event-sourced ledger.
 *
 * Events are io-ts codecs (decode once, at the edge); pure reducers fold them
 * into per-pool, per-license, per-machine and per-SVM projections; every state
 * is immutable and can be asked about any instant at or after its clock.
 *
 * @since 0.1.0
 */
export * from './time/instant';
export * from './events/primitives';
export { struct, type StructOf } from './events/struct';
export { eventCodec } from './events/common';
export * from './events/license-events';
export * from './events/key-events';
export * from './events/ledger-event';
export * from './events/decode';
export type { RuleId } from './state/rules';
export type { License, LicenseChange, LicenseStatus, PartialRank } from './state/license';
export { POOL_COUNTERS, type Pool, type PoolCounter, type PoolCounts, type Purchase } from './state/pool';
export type { DeletedAgent, Installation, Machine, MachineChange } from './state/machine';
export type { ActiveKey, KeySlot, Svm, SvmChange, TaskError, TaskErrorReason } from './state/svm';
export type { Due, KeyEnd, LedgerState, LicenseEnd, RenewingEnd } from './state/ledger-state';
export { emptyLedger, type LedgerOptions } from './ledger/draft';
export { DEFAULT_HASH_SEED, hashSeedOf, keyedHash, type HashSeed } from './collections/hash-seed';
export { bodyDigest, canonicalBody, type BodyDigest } from './ledger/body-digest';
export { advanceTo, applyEvent, type ApplyResult, type Outcome } from './ledger/apply';
export { forecastPools } from './ledger/forecast';
export type { Rejection } from './ledger/rejection';
export { DEFAULT_KES_TERM_DAYS } from './ledger/handlers/purchase';
export { CLEAN_DATABASE_EXEMPT } from './ledger/handlers/agent';
export { daysLeftAt } from './ledger/licenses';
export { POOL_TALLIES, type PoolTally, sumTallies, tallyIn, tallyOf, unusedCount, ZERO_COUNTS } from './ledger/tally';
export { keyTermEnd, schemeOf } from './keys/key-term';
export { reserveRefusal } from './keys/key-handlers';
export * from './replay/replayer';
export * from './log/ndjson';
export * from './log/decode-log';
export * from './query/lookup';
export { installedNow } from './query/installed-now';
export { byId, compareIds } from './query/compare-ids';
export {
  emptyMap, forEachEntry, getEntry, hasEntry, mapEntries, mapKeys, mapValues, removeEntry, setEntry, newEdit, retireEdit, hashString, mapSeed,
  type Edit, type PersistentMap,
} from './collections/persistent-map';
export { emptyHeap, heapInsert, heapPeek, heapPop, heapToSortedArray, heapValues, type Compare, type Heap } from './collections/leftist-heap';
export { appendHistory, emptyHistory, historyToArray, type History } from './collections/history';
export { emptyIdHashMap, getIdHash, setIdHash, type IdHashMap } from './collections/id-hash-map';
