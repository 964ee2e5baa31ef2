/**
 * The explanation of one license: where it stands at the state's clock and every
 * step that led there, from its purchase on.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/Either';
import { historyToArray } from '../collections/history';
import { daysLeftAt } from '../ledger/licenses';
import type { LedgerState } from '../state/ledger-state';
import type { License, LicenseChange } from '../state/license';
import type { Pool } from '../state/pool';
import { getLicense, getPool, purchaseOf } from './lookup';
import { type QueryError, unknownLicense } from './query-error';

/**
 * A license, explained at the state's clock.
 *
 * @since 0.3.0
 */
export interface LicenseExplanation {
  readonly license: License;
  /** The module of its pool (KES, KAV, …). */
  readonly module: string;
  /** Days left at the state's clock: a running term counts down (R-T3); `license.daysLeft` is as of its last change. */
  readonly daysLeft: number | null;
  /** Oldest first; the first step is the purchase that brought it (R-P1, R-P3), with `note: 'purchased'`. */
  readonly history: readonly LicenseChange[];
}

const purchaseStep = (pool: Pool, license: License): LicenseChange[] => {
  const purchase = purchaseOf(pool, license.number);
  return purchase === undefined
    ? []
    : [
        {
          at: purchase.at,
          eventId: purchase.eventId,
          rule: 'R-P1',
          status: 'unused',
          machineId: null,
          daysLeft: purchase.termDays,
          note: 'purchased',
        },
      ];
};

/**
 * The explanation of `license` of `pool` in `state` (for `explainLicense` and
 * `explainMachine`, which have both at hand).
 *
 * @since 0.3.0
 */
export const licenseExplanation = (state: LedgerState, pool: Pool, license: License): LicenseExplanation => ({
  license,
  module: pool.module,
  daysLeft: state.clock === null ? license.daysLeft : daysLeftAt(license, state.clock),
  history: [...purchaseStep(pool, license), ...historyToArray(license.history)],
});

/**
 * Explains a license (`<poolId>#<n>`) at the state's clock: its status, machine
 * and days left, and its history from the purchase on (R-P1, R-P3), each step
 * with the event and rule behind it (a `null` event is a time-driven change,
 * R-T4). A license never handed out is Unused, with its purchase as its only step.
 * `unknown-license` for an id of no purchased pool or past the pool's Max.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, explainLicense, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"KesInstalled","id":"e2","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 *   '{"type":"RecoveryRun","id":"e3","at":"2025-03-08T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const explained = explainLicense('acme-kes#1')(state)
 * assert(explained._tag === 'Right')
 * assert.equal(explained.right.license.status, 'applied')
 * assert.equal(explained.right.daysLeft, 300) // 65 days into its 365-day term
 * assert.deepStrictEqual(explained.right.history.map((step) => [step.eventId, step.rule, step.status]), [
 *   ['e1', 'R-P1', 'unused'],
 *   ['e2', 'R-I3', 'applied'],
 * ])
 * assert.equal(explainLicense('acme-kes#11')(state)._tag, 'Left') // past the pool's Max
 */
export const explainLicense =
  (licenseId: string) =>
  (state: LedgerState): E.Either<QueryError, LicenseExplanation> => {
    const license = getLicense(state, licenseId);
    const pool = license === undefined ? undefined : getPool(state, license.poolId);
    if (license === undefined || pool === undefined) return E.left(unknownLicense(licenseId));
    return E.right(licenseExplanation(state, pool, license));
  };
