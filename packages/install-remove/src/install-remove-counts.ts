import * as E from 'fp-ts/Either';
import { type LedgerState, type Pool, type QueryError } from '@license-ledger/core';
import { getPool, sumTallies, type PoolTally, unknownPool } from '@license-ledger/core/internal';

/**
 * The counts of the Install/Remove page's license popup for one pool, plus the
 * page's Unused (R-V1). Every license of the pool is in exactly one of them.
 *
 * @since 0.1.0
 */
export interface InstallRemoveCounts {
  /** Term used up (R-T2, R-U1); not recoverable. */
  readonly expired: number;
  /** Running on a machine, plus those on deleted agents waiting for recovery (R-D1). */
  readonly applied: number;
  /** Given back with days left and not reserved by a pending install (R-U1, R-D2, R-V4). */
  readonly partial: number;
  /** Installs requested and not yet checked in, whatever license they hold (R-I1). */
  readonly pendingInstalls: number;
  /** Queued on a machine behind its applied license (R-X1). */
  readonly extended: number;
  /** Orphaned, waiting for support (R-O1, R-D3). */
  readonly other: number;
  /** Never used (R-P1, R-X3). */
  readonly unused: number;
}

/**
 * The name of one popup count, as `explainInstallRemove` takes it.
 *
 * @since 0.1.0
 */
export type InstallRemoveCount = keyof InstallRemoveCounts;

/**
 * The popup count each of core's tallies counts under: the one table the counts
 * and their explanation (`explainInstallRemove`) read (R-V1). R-D1: a license on
 * a deleted agent stays under Applied until recovery; R-V4: a partial reserved by
 * a pending install is a pending install, not a partial.
 *
 * @since 0.1.0
 */
export const INSTALL_REMOVE_COUNT_OF: { readonly [T in PoolTally]: InstallRemoveCount } = Object.freeze({
  expired: 'expired',
  applied: 'applied',
  held: 'applied',
  partial: 'partial',
  reservedFromUnused: 'pendingInstalls',
  reservedFromPartial: 'pendingInstalls',
  extended: 'extended',
  other: 'other',
  unused: 'unused',
});

const COUNT_NAMES: readonly InstallRemoveCount[] = [
  'expired',
  'applied',
  'partial',
  'pendingInstalls',
  'extended',
  'other',
  'unused',
];

/**
 * The popup of a pool, read from the counters core keeps as events are applied.
 *
 * @since 0.1.0
 */
export const installRemoveCountsOf = (pool: Pool): InstallRemoveCounts =>
  sumTallies(pool, INSTALL_REMOVE_COUNT_OF, COUNT_NAMES);

/**
 * The Install/Remove popup of one pool at the state's clock, in O(1); a pool never
 * purchased is a `Left` (`unknown-pool`). Every pool at a later instant: `installRemoveAt`.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { readFileSync } from 'node:fs'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { installRemoveCounts } from '@license-ledger/install-remove'
 * const log = readFileSync('audit.ndjson', 'utf8') // examples/quickstart.ndjson: one KES license applied, uninstalled 65 days later
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const counts = installRemoveCounts('acme-kes')(state)
 * assert(counts._tag === 'Right')
 * assert.equal(counts.right.partial, 1) // acme-kes#1: uninstalled with 300 of its 365 days left (R-U1)
 * assert.equal(counts.right.unused, 9)
 * const unknown = installRemoveCounts('no-such-pool')(state)
 * assert(unknown._tag === 'Left' && unknown.left.kind === 'unknown-pool')
 */
export const installRemoveCounts =
  (poolId: string) =>
  (state: Pick<LedgerState, 'pools'>): E.Either<QueryError, InstallRemoveCounts> => {
    const pool = getPool(state, poolId);
    return pool === undefined ? E.left(unknownPool(poolId)) : E.right(installRemoveCountsOf(pool));
  };
