/**
 * The `pool_counts` rows of a state: the Install/Remove popup and the License
 * Manager counts of every pool, at the state's clock.
 *
 * @since 0.1.0
 */
import { type LedgerState, listPools } from '@license-ledger/core';
import { installRemoveCountsOf } from '@license-ledger/install-remove';
import { licenseManagerCountsOf } from '@license-ledger/license-manager';

/**
 * One pool's counts as stored (camel-cased).
 *
 * @since 0.1.0
 */
export interface PoolCountsRow {
  readonly poolId: string;
  readonly module: string;
  readonly expired: number;
  readonly applied: number;
  readonly partial: number;
  readonly pendingInstalls: number;
  readonly extended: number;
  readonly other: number;
  readonly unused: number;
  readonly used: number;
  readonly max: number;
  /** JSON of the License Manager's per-group machines, `[{"groupId":…,"machines":…}]`. */
  readonly groups: string;
}

/**
 * Every pool's counts, by pool id, at the state's clock.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { poolCountsRows } from '@license-ledger/store'
 * const log = '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}'
 * const { state } = replay()([...decodeLog(splitLines([log]))].flat())
 * assert.deepStrictEqual(poolCountsRows(state).map((row) => [row.poolId, row.unused]), [['acme-kes', 10]])
 */
export const poolCountsRows = (state: LedgerState): PoolCountsRow[] => {
  return listPools(state).map((pool) => {
    const ir = installRemoveCountsOf(pool);
    const lm = licenseManagerCountsOf(pool);
    return {
      poolId: pool.poolId,
      module: pool.module,
      expired: ir.expired,
      applied: ir.applied,
      partial: ir.partial,
      pendingInstalls: ir.pendingInstalls,
      extended: ir.extended,
      other: ir.other,
      unused: ir.unused,
      used: lm.used,
      max: lm.max,
      groups: JSON.stringify(lm.groups),
    };
  });
};

/** @since 0.1.0 */
export const sameCounts = (a: PoolCountsRow, b: PoolCountsRow): boolean =>
  a.expired === b.expired &&
  a.applied === b.applied &&
  a.partial === b.partial &&
  a.pendingInstalls === b.pendingInstalls &&
  a.extended === b.extended &&
  a.other === b.other &&
  a.unused === b.unused &&
  a.used === b.used &&
  a.max === b.max &&
  a.groups === b.groups &&
  a.module === b.module;
