import { type LedgerState, poolLicenses, tallyOf } from '@license-ledger/core';
import { INSTALL_REMOVE_COUNT_OF, type InstallRemoveCount } from './install-remove-counts';

/**
 * The license ids behind one popup count, in license-number order. It walks
 * every license of the pool by status (O(Max)) rather than reading core's
 * counters, so it is also an independent recount: its length equals the count.
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
  for (const license of poolLicenses(state, poolId)) {
    if (INSTALL_REMOVE_COUNT_OF[tallyOf(license)] === count) ids.push(license.licenseId);
  }
  return ids;
};
