import * as E from 'fp-ts/Either';
import { type LedgerState, type Pool, type QueryError } from '@license-ledger/core';
import { getPool, mapEntries, sumTallies, type PoolTally, unknownPool } from '@license-ledger/core/internal';

/**
 * One row of the License Manager's per-group breakdown: machines, not licenses (R-V3).
 *
 * @since 0.1.0
 */
export interface GroupMachines {
  readonly groupId: string;
  readonly machines: number;
}

/**
 * The License Manager's numbers for one pool (R-V2, R-V3).
 *
 * @since 0.1.0
 */
export interface LicenseManagerCounts {
  /** Every license used to date: Applied (with those waiting for recovery), Expired, Partial, Other (R-V2). */
  readonly used: number;
  /** Every license ever purchased into the pool (R-P1). */
  readonly max: number;
  /** Machines with the module installed now, per group, sorted by group id; empty groups are left out (R-V3). */
  readonly groups: readonly GroupMachines[];
}

const byGroupId = (a: GroupMachines, b: GroupMachines): number =>
  a.groupId < b.groupId ? -1 : a.groupId > b.groupId ? 1 : 0;

/**
 * Whether each of core's tallies is in Used (R-V2, R-V4): the one table `usedOf`
 * and `explainUsed` read. Used = Applied (with those waiting for recovery, R-D1),
 * Expired, Partial, Other, and partials reserved by a pending install (used
 * before, R-V4). Extended and pending installs holding a never-used license are not.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { IN_USED } from '@license-ledger/license-manager'
 * assert.deepStrictEqual(IN_USED.reservedFromPartial, true)
 */
export const IN_USED: { readonly [T in PoolTally]: boolean } = Object.freeze({
  applied: true,
  held: true,
  expired: true,
  partial: true,
  other: true,
  reservedFromPartial: true,
  reservedFromUnused: false,
  extended: false,
  unused: false,
});

const USED_OF: { readonly [T in PoolTally]: 'used' | null } = Object.fromEntries(
  Object.entries(IN_USED).map(([tally, used]) => [tally, used ? 'used' : null]),
) as Record<PoolTally, 'used' | null>;

/**
 * Used of a pool from core's counters (R-V2, R-V4), by {@link IN_USED}.
 *
 * @since 0.1.0
 */
export const usedOf = (pool: Pool): number => sumTallies(pool, USED_OF, ['used']).used;

/**
 * The License Manager numbers of a pool, read from the counters core keeps.
 *
 * @since 0.1.0
 */
export const licenseManagerCountsOf = (pool: Pool): LicenseManagerCounts => ({
  used: usedOf(pool),
  max: pool.max,
  // Core drops a group when its count reaches zero, so every row has machines.
  groups: [...mapEntries(pool.groups)].map(([groupId, machines]) => ({ groupId, machines })).sort(byGroupId),
});

/**
 * The License Manager's Used, Max and per-group breakdown of one pool at the
 * state's clock, in O(groups); a pool never purchased is a `Left` (`unknown-pool`).
 * Every pool at a later instant: `licenseManagerAt`.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { readFileSync } from 'node:fs'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { licenseManagerCounts } from '@license-ledger/license-manager'
 * const log = readFileSync('audit.ndjson', 'utf8') // examples/quickstart.ndjson: one KES license applied, uninstalled 65 days later
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const counts = licenseManagerCounts('acme-kes')(state)
 * assert(counts._tag === 'Right')
 * assert.equal(counts.right.max, 10)
 * assert.equal(counts.right.used, 1) // acme-kes#1, Partial after its uninstall, still counts as Used
 */
export const licenseManagerCounts =
  (poolId: string) =>
  (state: Pick<LedgerState, 'pools'>): E.Either<QueryError, LicenseManagerCounts> => {
    const pool = getPool(state, poolId);
    return pool === undefined ? E.left(unknownPool(poolId)) : E.right(licenseManagerCountsOf(pool));
  };
