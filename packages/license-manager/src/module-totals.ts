import { compareIds, type LedgerState, listPools } from '@license-ledger/core';
import { usedOf } from './license-manager-counts';

/**
 * Used and Max of one module summed over every pool of it, as the License
 * Manager's section for that module (e.g. Endpoint Security for KES) shows them.
 *
 * @since 0.1.0
 */
export interface ModuleTotals {
  readonly module: string;
  readonly used: number;
  readonly max: number;
  /** The pools summed, sorted by id. */
  readonly pools: readonly string[];
}

/**
 * Used and Max per module across pools at the state's clock, sorted by module.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { moduleTotals } from '@license-ledger/license-manager'
 * assert.deepStrictEqual(moduleTotals(emptyLedger()), [])
 */
export const moduleTotals = (state: Pick<LedgerState, 'pools'>): readonly ModuleTotals[] => {
  const totals = new Map<string, { used: number; max: number; pools: string[] }>();
  // listPools is sorted by id, so each module's pools come out sorted too.
  for (const pool of listPools(state)) {
    const total = totals.get(pool.module) ?? { used: 0, max: 0, pools: [] };
    total.used += usedOf(pool);
    total.max += pool.max;
    total.pools.push(pool.poolId);
    totals.set(pool.module, total);
  }
  return [...totals.entries()]
    .sort(([a], [b]) => compareIds(a, b))
    .map(([module, total]) => ({ module, used: total.used, max: total.max, pools: total.pools }));
};
