import { listPools } from '@license-ledger/core';
import { poolLicenses } from '@license-ledger/core/internal';
import type { StateInvariant } from './invariant';

/**
 * A machine runs at most one applied KES license at a time (R-L3: an install of
 * a module already installed with a running license is rejected; R-X2: an
 * extension only takes over when the applied license ends).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { oneAppliedKesPerMachine } from '@license-ledger/testing'
 * assert.deepStrictEqual(oneAppliedKesPerMachine(emptyLedger()), [])
 */
export const oneAppliedKesPerMachine: StateInvariant = (state) => {
  const applied = new Map<string, string[]>();
  for (const pool of listPools(state).filter((p) => p.module === 'KES')) {
    for (const license of poolLicenses(state, pool.poolId)) {
      if (license.status === 'applied' && license.machineId !== null) {
        applied.set(license.machineId, [...(applied.get(license.machineId) ?? []), license.licenseId]);
      }
    }
  }
  return [...applied]
    .filter(([, licenses]) => licenses.length > 1)
    .map(
      ([machineId, licenses]) =>
        `R-L3: machine ${machineId} has ${licenses.length} applied KES licenses: ${licenses.join(', ')}`,
    );
};
