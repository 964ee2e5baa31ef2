import { historyToArray, listPools } from '@license-ledger/core';
import { poolLicenses } from '@license-ledger/core/internal';
import type { StateInvariant } from './invariant';

/**
 * R-X4: auto-extend only ever applies a never-used license — never a Partial
 * one, never one taken from another machine — read off every license's history:
 * each change to Applied under R-X4 follows Unused (or is the license's first change).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { autoExtendTakesUnused } from '@license-ledger/testing'
 * assert.deepStrictEqual(autoExtendTakesUnused(emptyLedger()), [])
 */
export const autoExtendTakesUnused: StateInvariant = (state) =>
  listPools(state).flatMap((pool) =>
    [...poolLicenses(state, pool.poolId)].flatMap((license) => {
      const changes = historyToArray(license.history);
      return changes.flatMap((change, i) => {
        if (change.rule !== 'R-X4' || change.status !== 'applied') return [];
        const previous = changes[i - 1];
        return previous === undefined || previous.status === 'unused'
          ? []
          : [
              `R-X4: auto-extend applied ${license.licenseId} on ${change.machineId ?? '?'} at ${change.at}, but it was ${previous.status}, not unused`,
            ];
      });
    }),
  );
