import { getLicense, mapValues } from '@license-ledger/core/internal';
import type { StepInvariant } from './invariant';

/**
 * Once Expired, a license's status never changes (R-U1, R-O1): expired licenses
 * are not recoverable, by no event (an uninstall, marking it Other, support's
 * resolution, a recovery or Clean Database run, a reinstall) and by no
 * time-driven change. Visits only the licenses that ever left Unused.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { applyEvent, emptyLedger, parseInstant } from '@license-ledger/core'
 * import { expiredStaysExpired } from '@license-ledger/testing'
 * const event = { type: 'LicensePurchased', id: 'e1', at: parseInstant('2025-01-01T00:00:00Z')!, poolId: 'p', module: 'KES', quantity: 1 } as const
 * assert.deepStrictEqual(expiredStaysExpired(emptyLedger(), event, applyEvent(event)(emptyLedger()).state), [])
 */
export const expiredStaysExpired: StepInvariant = (before, event, after) => {
  const out: string[] = [];
  for (const license of mapValues(before.licenses)) {
    if (license.status !== 'expired') continue;
    const now = getLicense(after, license.licenseId);
    if (now?.status !== 'expired')
      out.push(
        `${license.licenseId} was expired and is now ${now?.status ?? 'gone'} (after ${event.type} ${event.id}; R-U1: expired licenses are not recoverable)`,
      );
  }
  return out;
};
