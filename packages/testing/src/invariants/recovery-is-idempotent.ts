import { applyEvent, type LedgerState, listPools } from '@license-ledger/core';
import { poolLicenses } from '@license-ledger/core/internal';
import { fingerprintDifference } from '../fingerprint/fingerprint-difference';
import { ledgerFingerprint } from '../fingerprint/ledger-fingerprint';
import type { StateInvariant } from './invariant';

const recoveryRun = (id: string, state: LedgerState) =>
  state.clock === null ? undefined : applyEvent({ type: 'RecoveryRun', id, at: state.clock })(state);

/**
 * R-D2, recovery twice equals once: a RecoveryRun at the state's clock releases
 * every KES license waiting for recovery (none is left held), and a second run
 * right after it changes nothing observable.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { recoveryIsIdempotent } from '@license-ledger/testing'
 * assert.deepStrictEqual(recoveryIsIdempotent(emptyLedger()), [])
 */
export const recoveryIsIdempotent: StateInvariant = (state) => {
  const once = recoveryRun('invariant:recovery-run-1', state);
  if (once === undefined) return [];
  if (once.outcome.kind !== 'applied') return [`R-D2: a RecoveryRun was not applied (${once.outcome.kind})`];
  const out = listPools(once.state)
    .filter((pool) => pool.module === 'KES')
    .flatMap((pool) => [...poolLicenses(once.state, pool.poolId)].filter((l) => l.status === 'held'))
    .map((license) => `R-D2: ${license.licenseId} still waits for recovery after a RecoveryRun`);
  const twice = recoveryRun('invariant:recovery-run-2', once.state);
  const difference =
    twice === undefined ? null : fingerprintDifference(ledgerFingerprint(once.state), ledgerFingerprint(twice.state));
  if (difference !== null) out.push(`R-D2: a second RecoveryRun changed the ledger ${difference}`);
  return out;
};
