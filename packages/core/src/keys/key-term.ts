import type { KeyTypeName, LicenseKeySpec } from '../events/key-events';
import { addExactDays, type Instant } from '../time/instant';
import type { ActiveKey, KeySlot } from '../state/svm';

/**
 * R-K2: `cores` is one licensing scheme, `server`/`desktop` (per VM) the other.
 * Keys of the same scheme live side by side; a key of the other scheme clears the old one (R-K3).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { schemeOf } from '@license-ledger/core/internal'
 * assert.equal(schemeOf('desktop'), 'per-vm')
 */
export const schemeOf = (type: KeyTypeName): 'cores' | 'per-vm' => (type === 'cores' ? 'cores' : 'per-vm');

/**
 * R-K1: a term started at `startAt` ends at min(start + termDays, expiresAt).
 * A key that expired before it became active gets a term of zero length (ending
 * at its start) rather than one that ends before it begins.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { formatInstant, parseInstant } from '@license-ledger/core'
 * import { keyTermEnd } from '@license-ledger/core/internal'
 * const start = parseInstant('2025-01-01T00:00:00Z')!
 * const end = keyTermEnd({ keyId: 'K-A', type: 'server', edition: 'standard', subscription: false, termDays: 365 }, start)
 * assert.equal(formatInstant(end), '2026-01-01T00:00:00Z')
 */
export const keyTermEnd = (key: LicenseKeySpec, startAt: Instant): Instant => {
  const byTerm = addExactDays(startAt, key.termDays);
  const end = key.expiresAt === undefined ? byTerm : Math.min(byTerm, key.expiresAt);
  return Math.max(startAt, end) as Instant;
};

/**
 * The running term of `key` started at `startAt` (R-K1).
 *
 * @since 0.1.0
 */
export const activeKey = (key: LicenseKeySpec, startAt: Instant, viaActivationCode: boolean): ActiveKey => ({
  key,
  startAt,
  endsAt: keyTermEnd(key, startAt),
  viaActivationCode,
});

/**
 * A slot with nothing in it, as a key of a new type first lands (R-K2).
 *
 * @since 0.1.0
 */
export const emptySlot = (type: KeyTypeName): KeySlot => ({ type, active: null, reserve: null, renewal: 'none' });
