import type { IdHashMap } from '../collections/id-hash-map';
import type { Heap } from '../collections/leftist-heap';
import type { PersistentMap } from '../collections/persistent-map';
import type { KeyTypeName } from '../events/key-events';
import type { Instant } from '../time/instant';
import type { License } from './license';
import type { DeletedAgent, Installation, Machine } from './machine';
import type { Pool } from './pool';
import type { Svm } from './svm';

/**
 * A license term ending on a machine (R-T2): an agenda entry and a `licenseEnds` entry.
 *
 * @since 0.1.0
 */
export interface LicenseEnd {
  readonly at: Instant;
  readonly kind: 'license-end';
  readonly poolId: string;
  readonly machineId: string;
  /** The license whose term this ends; an entry whose license no longer runs to `at` is stale and skipped. */
  readonly licenseId: string;
}

/**
 * An active key's term ending in an SVM slot (R-K5).
 *
 * @since 0.1.0
 */
export interface KeyEnd {
  readonly at: Instant;
  readonly kind: 'key-end';
  /** The slot's key type (one slot per type, R-K2). */
  readonly slotType: KeyTypeName;
  readonly svmId: string;
  /** The key whose term this ends; an entry whose key was replaced since is stale and skipped. */
  readonly keyId: string;
}

/**
 * A change due at an instant with no event in the log (R-T4): a license term
 * ending on a machine, or a key term ending in an SVM slot. Ordered by instant,
 * license ends before key ends, then pool id and machine id (slot type and SVM
 * id for keys), then the license or key id.
 *
 * @since 0.1.0
 */
export type Due = LicenseEnd | KeyEnd;

/**
 * The end of a license run by an install with extensions queued or auto-extend on,
 * with that install: what its end will do (R-X2, R-X4) without a machine lookup.
 *
 * @since 0.1.0
 */
export interface RenewingEnd {
  readonly due: LicenseEnd;
  readonly install: Installation;
}

/**
 * The whole ledger at `clock`: every change due at or before it has happened.
 * Immutable: every function that "changes" it returns a new state sharing what did not change.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * assert.deepStrictEqual(emptyLedger().pools.size, 0)
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
  /**
   * The end of every applied license with a term, exactly (no stale entries): by
   * bucket (one pool's ends of one week, `<week number>|<pool id>`), then license
   * id. Kept in step by `transition`, so `forecastPools` counts the ends due by an
   * instant a bucket at a time, without looking up a license or a machine.
   */
  readonly licenseEnds: PersistentMap<PersistentMap<LicenseEnd>>;
  /**
   * The ends in `licenseEnds` of the licenses run by installs of live machines
   * whose end is more than an expiry (extensions queued, R-X2, or auto-extend on,
   * R-X4), by license id, each with its install: the only ends a forecast has to
   * run one by one. Kept in step by `Draft.setMachine`; every other end is a plain expiry.
   * It may also hold an end that already happened while its install stayed as it
   * was (auto-extend found nothing): an entry counts only while `licenseEnds`
   * holds its very `due`.
   */
  readonly renewingEnds: PersistentMap<RenewingEnd>;
  /** Applied event ids with a hash of their body (R-L5); read with `getIdHash`. */
  readonly appliedIds: IdHashMap;
  /** Orders partial licenses made at the same instant (R-I2). */
  readonly sequence: number;
  /**
   * Throws: a state is not data to serialize. `JSON.stringify`, `structuredClone`
   * and `v8.serialize` all fail on it with a message naming the supported way,
   * `toSnapshot`/`fromSnapshot` from `@license-ledger/core`, rather than make a
   * copy that half-works.
   */
  readonly toJSON: () => never;
}
