import * as E from 'fp-ts/Either';
import { listPools } from '@license-ledger/core';
import { installRemoveCounts } from '@license-ledger/install-remove';
import { licenseManagerCounts } from '@license-ledger/license-manager';
import type { StateInvariant } from './invariant';

const isCount = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

/**
 * No count is ever negative (or fractional): every Install/Remove popup count
 * (R-V1), License Manager Used and Max (R-V2), every counter core keeps per
 * pool, and every group of the per-group breakdown has at least one machine (R-V3).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { noNegativeCounts } from '@license-ledger/testing'
 * assert.deepStrictEqual(noNegativeCounts(emptyLedger()), [])
 */
export const noNegativeCounts: StateInvariant = (state) =>
  listPools(state).flatMap((pool) => {
    const popup = E.getOrElseW(() => undefined)(installRemoveCounts(pool.poolId)(state));
    const manager = E.getOrElseW(() => undefined)(licenseManagerCounts(pool.poolId)(state));
    const numbers: [string, number][] = [
      ...Object.entries(popup ?? {}).map(([name, n]): [string, number] => [`R-V1 ${name}`, n as number]),
      ...Object.entries(pool.counts).map(([name, n]): [string, number] => [`counter ${name}`, n]),
      [`R-V2 used`, manager?.used ?? 0],
      [`R-V2 max`, manager?.max ?? 0],
    ];
    const bad = numbers.filter(([, n]) => !isCount(n)).map(([name, n]) => `pool ${pool.poolId}: ${name} is ${n}`);
    const emptyGroups = (manager?.groups ?? [])
      .filter((group) => !(isCount(group.machines) && group.machines > 0))
      .map((group) => `R-V3: pool ${pool.poolId}: group ${group.groupId} is listed with ${group.machines} machines`);
    return [...bad, ...emptyGroups];
  });
