import { getPool, type LedgerState, licenseIdOf, tallyOf, touchedLicenses, untouchedRange } from '@license-ledger/core';
import { INSTALL_REMOVE_COUNT_OF, type InstallRemoveCount } from './install-remove-counts';

/**
 * The license ids behind one popup count, in license-number order. It walks
 * every license that ever left Unused by status (O(licenses ever used), not
 * O(Max)) rather than reading core's counters, so it is also an independent
 * recount: its length equals the count. Only `unused` lists the never-used
 * range too, one id per license: its cost is the size of its answer.
 * Which count a license is behind comes from the same table as the counts
 * (`INSTALL_REMOVE_COUNT_OF` of core's `tallyOf`).
 * An unknown pool explains nothing.
 *
 * @since 0.1.0
 * @example
 * import { explainInstallRemove } from '@license-ledger/install-remove'
 * // after an uninstall 65 days in (seed KKB000221):
 * // explainInstallRemove(state, 'acme-kes', 'partial') // ['acme-kes#1']
 */
export const explainInstallRemove = (state: LedgerState, poolId: string, count: InstallRemoveCount): readonly string[] => {
  const ids: string[] = [];
  for (const license of touchedLicenses(state, poolId)) {
    if (INSTALL_REMOVE_COUNT_OF[tallyOf(license)] === count) ids.push(license.licenseId);
  }
  const pool = getPool(state, poolId);
  const range = pool === undefined ? undefined : untouchedRange(pool);
  if (count === 'unused' && range !== undefined) for (let n = range.first; n <= range.last; n++) ids.push(licenseIdOf(poolId, n));
  return ids;
};
