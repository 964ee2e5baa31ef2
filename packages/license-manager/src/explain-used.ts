import * as E from 'fp-ts/Either';
import { getPool, type LedgerState, type QueryError, touchedLicenses } from '@license-ledger/core';
import { tallyOf, unknownPool } from '@license-ledger/core/internal';
import { IN_USED } from './license-manager-counts';

/**
 * The license ids behind a pool's Used, in license-number order. It walks every
 * license that ever left Unused by status (a never-used one is never Used, R-V2;
 * O(licenses ever used), not O(Max)) rather than reading core's counters, so
 * its length is an independent recount of Used. Which licenses are in Used comes
 * from the same table as the count ({@link IN_USED} of core's `tallyOf`). An unknown pool explains nothing.
 *
 * @since 0.1.0
 * @example
 * import { explainUsed } from '@license-ledger/license-manager'
 * // one license applied, one expired, two extensions queued:
 * // explainUsed('acme-kes')(state) // Right(['acme-kes#1', 'acme-kes#2'])
 */
export const explainUsed =
  (poolId: string) =>
  (state: LedgerState): E.Either<QueryError, readonly string[]> => {
    if (getPool(state, poolId) === undefined) return E.left(unknownPool(poolId));
    const ids: string[] = [];
    for (const license of touchedLicenses(state, poolId)) if (IN_USED[tallyOf(license)]) ids.push(license.licenseId);
    return E.right(ids);
  };
