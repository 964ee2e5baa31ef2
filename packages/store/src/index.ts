/**
 * @license-ledger/store: license-ledger events in PostgreSQL, or in PGlite
 * embedded in the process. Many ledgers in one database, optimistic appends,
 * snapshots beside the events, and a live projection of the pool counts.
 *
 * @since 0.1.0
 * @module @license-ledger/store
 */
export {
  openStore,
  createStore,
  type EventStore,
  type Loaded,
  type LedgerInfo,
  type StoreLocation,
  type StoreOptions,
} from './store';
export type { AppendOptions, AppendResult, StoredEvent } from './append';
export { EVENTS_CHANNEL } from './append';
export type { AppendBatchesOptions, AppendBatchesResult, BatchAppended } from './append-batches';
export type * from './errors';
export type { LedgerAt } from './ledger-at';
export type { SavedSnapshot, SnapshotHistory } from './snapshots';
export type { ReadOptions } from './stored-events';
export { migrate, migrations, type Migration } from './migrate';
export {
  createProjector,
  projectedCounts,
  PROJECTED_CHANNEL,
  type Projected,
  type ProjectedBatch,
  type Projector,
  type ProjectorOptions,
} from './projector';
export { poolCountsRows, type PoolCountsRow } from './pool-rows';
export { pgliteBackend } from './backend/pglite-backend';
export { postgresBackend } from './backend/postgres-backend';
export type { Backend, Row, Sql } from './backend/sql';
