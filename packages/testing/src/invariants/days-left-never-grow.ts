import { daysLeftAt, historyToArray, type Instant, type License, listPools } from '@license-ledger/core';
import { getLicense, poolLicenses } from '@license-ledger/core/internal';
import type { StepInvariant } from './invariant';

/** Whole days a license still carries at `at`: its term counting down while applied (R-T3), none once expired. */
const remainingDays = (license: License, at: Instant): number | null => {
  if (license.status === 'expired') return 0;
  const left = daysLeftAt(license, at);
  return left === null ? null : Math.max(0, left);
};

/**
 * Days left never grow (R-T3, R-U1, R-D1, R-I4): from one state to the next,
 * no license carries more whole days than it did, both counted at the later
 * instant. A machine only gains days through another license — an extension
 * taking over (R-X2), auto-extend (R-X4) or a new install. The one exception
 * the rules make is support resolving an Other license to Unused, which gives it
 * a full term (R-O2). Seat licenses without a term are not counted.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { applyEvent, emptyLedger, parseInstant } from '@license-ledger/core'
 * import { daysLeftNeverGrow } from '@license-ledger/testing'
 * const event = { type: 'LicensePurchased', id: 'e1', at: parseInstant('2025-01-01T00:00:00Z')!, poolId: 'p', module: 'KES', quantity: 1 } as const
 * assert.deepStrictEqual(daysLeftNeverGrow(emptyLedger(), event, applyEvent(event)(emptyLedger()).state), [])
 */
export const daysLeftNeverGrow: StepInvariant = (before, event, after) => {
  const at = after.clock;
  if (at === null) return [];
  return listPools(after).flatMap((pool) =>
    [...poolLicenses(after, pool.poolId)].flatMap((license) => {
      const previous = getLicense(before, license.licenseId);
      if (previous === undefined) return [];
      const was = remainingDays(previous, at);
      const is = remainingDays(license, at);
      if (was === null || is === null || is <= was) return [];
      const resolvedToUnused = historyToArray(license.history).some(
        (change) => change.eventId === event.id && change.rule === 'R-O2' && change.status === 'unused',
      );
      return resolvedToUnused
        ? []
        : [
            `${license.licenseId} had ${was} days left and now has ${is} (${previous.status} → ${license.status}, after ${event.type} ${event.id})`,
          ];
    }),
  );
};
