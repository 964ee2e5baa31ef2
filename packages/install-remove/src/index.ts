/**
 * @license-ledger/install-remove: the Kaseya Install/Remove page's KES license
 * popup (R-V1) and the Extend/Return page's returnable extensions, read from a
 * ledger state. Each count can be explained license by license.
 *
 * @since 0.1.0
 * @module @license-ledger/install-remove
 */
export {
  installRemoveCounts,
  installRemoveCountsOf,
  type InstallRemoveCount,
  type InstallRemoveCounts,
} from './install-remove-counts';
export { installRemoveAt, type PoolInstallRemove } from './install-remove-at';
export { explainInstallRemove } from './explain-install-remove';
export { returnableExtensions, type Returnable } from './returnable-extensions';
