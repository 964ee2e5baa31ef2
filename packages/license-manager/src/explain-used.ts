import { type LedgerState, type License, poolLicenses } from '@license-ledger/core';

/** R-V2 and R-V4: used to date, including a partial now reserved by a pending install. */
const isUsed = (license: License): boolean => {
  switch (license.status) {
    case 'applied':
    case 'held':
    case 'expired':
    case 'partial':
    case 'other':
      return true;
    case 'reserved':
      return license.reservedFrom === 'partial';
    case 'unused':
    case 'extended':
      return false;
  }
};

/**
 * The license ids behind a pool's Used, in license-number order. It walks every
 * license of the pool by status (O(Max)) rather than reading core's counters, so
 * its length is an independent recount of Used. An unknown pool explains nothing.
 *
 * @since 0.1.0
 * @example
 * import { explainUsed } from '@license-ledger/license-manager'
 * // one license applied, one expired, two extensions queued:
 * // explainUsed(state, 'acme-kes') // ['acme-kes#1', 'acme-kes#2']
 */
export const explainUsed = (state: LedgerState, poolId: string): readonly string[] => {
  const ids: string[] = [];
  for (const license of poolLicenses(state, poolId)) if (isUsed(license)) ids.push(license.licenseId);
  return ids;
};
