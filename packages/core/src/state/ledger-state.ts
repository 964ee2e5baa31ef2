import type { IdHashMap } from '../collections/id-hash-map';
import type { Heap } from '../collections/leftist-heap';
import type { PersistentMap } from '../collections/persistent-map';
import type { Instant } from '../time/instant';
import type { License } from './license';
import type { DeletedAgent, Machine } from './machine';
import type { Pool } from './pool';
import type { Svm } from './svm';

/**
 * A change due at an instant with no event in the log (R-T4): a license term
 * ending on a machine, or a key term ending in an SVM slot. Ordered by instant,
 * then pool id (the slot type for keys), then machine id (the SVM id).
 *
 * @since 0.1.0
 * @example const d: Due['kind'] = 'license-end'
 */
export interface Due {
  readonly at: Instant;
  readonly kind: 'license-end' | 'key-end';
  readonly poolId: string;
  readonly machineId: string;
  /** The license id or key id whose end this is; a stale entry is skipped. */
  readonly ref: string;
}

/**
 * The whole ledger at `clock`: every change due at or before it has happened.
 * Immutable: every function that "changes" it returns a new state sharing what did not change.
 *
 * @since 0.1.0
 * @example
 * import { emptyLedger } from '@license-ledger/core'
 * emptyLedger().pools.size // 0
 */
export interface LedgerState {
  /** The instant this state stands at: the last event's `at`, or a later instant asked for. */
  readonly clock: Instant | null;
  readonly pools: PersistentMap<Pool>;
  /** Licenses that ever left the untouched Unused range; see `getLicense`. */
  readonly licenses: PersistentMap<License>;
  readonly machines: PersistentMap<Machine>;
  /** Deleted agents still holding licenses or queued extensions (R-D1), by `<machineId>@<incarnation>`. */
  readonly deletedAgents: PersistentMap<DeletedAgent>;
  /**
   * The deleted agents holding KES licenses, with their deletion instants: all a
   * RecoveryRun has to visit (R-D2), so a run costs what it recovers, not every
   * seat Clean Database has yet to release.
   */
  readonly awaitingRecovery: PersistentMap<Instant>;
  readonly svms: PersistentMap<Svm>;
  readonly agenda: Heap<Due>;
  /** Applied event ids with a hash of their body (R-L5); read with `getIdHash`. */
  readonly appliedIds: IdHashMap;
  /** Orders partial licenses made at the same instant (R-I2). */
  readonly sequence: number;
}
