import type { LicenseKeySpec } from '@license-ledger/core';

/**
 * A Kaspersky key for hand-written key events (R-K1): a plain standard server
 * key of 365 days with no expiry date, the case a test varies one field of.
 *
 * @since 0.1.0
 * @example
 * import { eventBuilder, licenseKey } from '@license-ledger/testing'
 * const e = eventBuilder()
 * e('KeyActivated', '2025-01-01T00:00:00Z', { svmId: 'svm-1', key: licenseKey('K-A', { termDays: 30 }) })
 */
export const licenseKey = (keyId: string, fields: Partial<Omit<LicenseKeySpec, 'keyId'>> = {}): LicenseKeySpec => ({
  keyId,
  type: 'server',
  edition: 'standard',
  subscription: false,
  termDays: 365,
  ...fields,
});
