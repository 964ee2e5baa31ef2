import { type LedgerState, type LicenseStatus, poolLicenses } from '@license-ledger/core';
import type { InstallRemoveCount } from './install-remove-counts';

/** The license statuses behind each popup count (R-V1; R-D1 puts held licenses under Applied). */
const statusesBehind: { readonly [C in InstallRemoveCount]: ReadonlySet<LicenseStatus> } = {
  expired: new Set(['expired']),
  applied: new Set(['applied', 'held']),
  partial: new Set(['partial']),
  pendingInstalls: new Set(['reserved']),
  extended: new Set(['extended']),
  other: new Set(['other']),
  unused: new Set(['unused']),
};

/**
 * The license ids behind one popup count, in license-number order. It walks
 * every license of the pool by status (O(Max)) rather than reading core's
 * counters, so it is also an independent recount: its length equals the count.
 * An unknown pool explains nothing.
 *
 * @since 0.1.0
 * @example
 * import { explainInstallRemove } from '@license-ledger/install-remove'
 * // after an uninstall 65 days in (seed KKB000221):
 * // explainInstallRemove(state, 'acme-kes', 'partial') // ['acme-kes#1']
 */
export const explainInstallRemove = (state: LedgerState, poolId: string, count: InstallRemoveCount): readonly string[] => {
  const wanted = statusesBehind[count];
  const ids: string[] = [];
  for (const license of poolLicenses(state, poolId)) {
    if (wanted.has(license.status)) ids.push(license.licenseId);
  }
  return ids;
};
