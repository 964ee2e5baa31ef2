import * as E from 'fp-ts/Either';
import { listPools } from '@license-ledger/core';
import { installRemoveCounts } from '@license-ledger/install-remove';
import { licenseManagerCounts } from '@license-ledger/license-manager';
import { census } from './census';
import type { StateInvariant } from './invariant';

/**
 * R-V4, conservation: in every pool, Max = Unused + Used + Extended + the
 * pending installs holding a never-used license. Unused and Extended come from
 * the Install/Remove popup, Used and Max from the License Manager; which pending
 * installs hold a never-used license is read off the licenses themselves, as
 * neither view shows it. Check it at every instant: after every event and at
 * every time-driven change (see `checkEveryStep`).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { conservation } from '@license-ledger/testing'
 * assert.deepStrictEqual(conservation(emptyLedger()), [])
 */
export const conservation: StateInvariant = (state) =>
  listPools(state).flatMap((pool) => {
    const popup = E.getOrElseW(() => undefined)(installRemoveCounts(pool.poolId)(state));
    const manager = E.getOrElseW(() => undefined)(licenseManagerCounts(pool.poolId)(state));
    if (popup === undefined || manager === undefined) return [`pool ${pool.poolId}: the views do not know it`];
    const { pendingFromUnused } = census(state, pool.poolId);
    const total = popup.unused + manager.used + popup.extended + pendingFromUnused;
    return total === manager.max
      ? []
      : [
          `R-V4: pool ${pool.poolId}: Max ${manager.max} ≠ Unused ${popup.unused} + Used ${manager.used} + Extended ${popup.extended}` +
            ` + pending installs holding a never-used license ${pendingFromUnused} = ${total}`,
        ];
  });
