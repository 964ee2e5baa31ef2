import { type LedgerState, type License } from '@license-ledger/core';
import { poolLicenses } from '@license-ledger/core/internal';
import type { InstallRemoveCounts } from '@license-ledger/install-remove';

/** The popup count a license is in, by its status alone (R-V1, R-D1: held counts as Applied). */
export const popupCountOf = (license: License): keyof InstallRemoveCounts => {
  switch (license.status) {
    case 'held':
    case 'applied':
      return 'applied';
    case 'reserved':
      return 'pendingInstalls';
    default:
      return license.status;
  }
};

/** Whether a license counts in License Manager's Used (R-V2, R-V4: a reserved partial was used before). */
export const isUsed = (license: License): boolean =>
  license.status === 'applied' ||
  license.status === 'held' ||
  license.status === 'expired' ||
  license.status === 'partial' ||
  license.status === 'other' ||
  (license.status === 'reserved' && license.reservedFrom === 'partial');

/** The popup counts found by looking at every license of a pool, one by one. */
export const census = (
  state: LedgerState,
  poolId: string,
): InstallRemoveCounts & { readonly used: number; readonly pendingFromUnused: number } => {
  const counts = {
    expired: 0,
    applied: 0,
    partial: 0,
    pendingInstalls: 0,
    extended: 0,
    other: 0,
    unused: 0,
    used: 0,
    pendingFromUnused: 0,
  };
  for (const license of poolLicenses(state, poolId)) {
    counts[popupCountOf(license)] += 1;
    if (isUsed(license)) counts.used += 1;
    if (license.status === 'reserved' && license.reservedFrom !== 'partial') counts.pendingFromUnused += 1;
  }
  return counts;
};
