import * as E from 'fp-ts/Either';
import { listPools } from '@license-ledger/core';
import { installRemoveCounts } from '@license-ledger/install-remove';
import { licenseManagerCounts } from '@license-ledger/license-manager';
import { census } from './census';
import type { StateInvariant } from './invariant';

const POPUP = ['expired', 'applied', 'partial', 'pendingInstalls', 'extended', 'other', 'unused'] as const;

/**
 * Each license is in exactly one state (R-P3, R-V1): looking at every license of
 * a pool one by one gives each Install/Remove popup count, the popup counts add
 * up to Max, and License Manager's Used is the licenses used to date (R-V2,
 * R-V4: a partial reserved by a pending install is Used and Pending, not Partial).
 * So every count can be explained license by license.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { oneStatePerLicense } from '@license-ledger/testing'
 * assert.deepStrictEqual(oneStatePerLicense(emptyLedger()), [])
 */
export const oneStatePerLicense: StateInvariant = (state) =>
  listPools(state).flatMap((pool) => {
    const popup = E.getOrElseW(() => undefined)(installRemoveCounts(pool.poolId)(state));
    const manager = E.getOrElseW(() => undefined)(licenseManagerCounts(pool.poolId)(state));
    if (popup === undefined || manager === undefined) return [`pool ${pool.poolId}: the views do not know it`];
    const found = census(state, pool.poolId);
    const out = POPUP.filter((name) => popup[name] !== found[name]).map(
      (name) => `R-V1: pool ${pool.poolId}: ${name} shows ${popup[name]} but ${found[name]} licenses are ${name}`,
    );
    const sum = POPUP.reduce((total, name) => total + popup[name], 0);
    if (sum !== pool.max) out.push(`R-P3: pool ${pool.poolId}: the popup counts add up to ${sum}, not Max ${pool.max}`);
    if (manager.used !== found.used)
      out.push(`R-V2: pool ${pool.poolId}: Used shows ${manager.used} but ${found.used} licenses were used to date`);
    return out;
  });
