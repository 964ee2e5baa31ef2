/**
 * @license-ledger/license-manager: the Kaseya License Manager's Used and Max
 * (R-V2) and its per-group breakdown of machines (R-V3), read from a ledger
 * state, each explainable license by license or machine by machine.
 *
 * @since 0.1.0
 * @module @license-ledger/license-manager
 */
export {
  IN_USED,
  licenseManagerCounts,
  licenseManagerCountsOf,
  usedOf,
  type GroupMachines,
  type LicenseManagerCounts,
} from './license-manager-counts';
export { licenseManagerAt, type PoolLicenseManager } from './license-manager-at';
export { moduleTotals, type ModuleTotals } from './module-totals';
export { explainUsed } from './explain-used';
export { explainGroup } from './explain-group';
