import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { instant, type LedgerState, listMachines, listPools, DAY_MS } from '@license-ledger/core';
import { getLicense } from '@license-ledger/core/internal';
import { explainInstallRemove } from '../src/explain-install-remove';
import { type InstallRemoveCount, installRemoveCounts } from '../src/install-remove-counts';
import { type Returnable, returnableExtensions } from '../src/returnable-extensions';
import { advancedTo, statesAlong, validHistory } from '@license-ledger/testing';

const COUNTS: readonly InstallRemoveCount[] = [
  'expired',
  'applied',
  'partial',
  'pendingInstalls',
  'extended',
  'other',
  'unused',
];

/** Core's incremental counters against a walk over every license, pool by pool. */
const countsMatchExplanations = (state: LedgerState): void => {
  for (const pool of listPools(state)) {
    const counts = E.getOrElseW(() => undefined)(installRemoveCounts(pool.poolId)(state));
    const recount = Object.fromEntries(
      COUNTS.map((count) => [
        count,
        E.getOrElseW((): readonly string[] => [])(explainInstallRemove(pool.poolId, count)(state)).length,
      ]),
    );
    expect({ pool: pool.poolId, ...recount }).toEqual({ pool: pool.poolId, ...counts });
    // R-V1: every license is in exactly one count.
    expect(COUNTS.reduce((sum, count) => sum + (recount[count] ?? 0), 0)).toBe(pool.max);
  }
};

/** R-X1: what the Extend/Return page lists is Extended, on that machine. */
const returnablesAreExtended = (state: LedgerState): void => {
  for (const machine of listMachines(state)) {
    for (const row of E.getOrElseW((): readonly Returnable[] => [])(returnableExtensions(machine.machineId)(state))) {
      for (const licenseId of row.licenseIds) {
        expect(getLicense(state, licenseId)).toMatchObject({
          status: 'extended',
          machineId: machine.machineId,
          poolId: row.poolId,
        });
      }
    }
  }
};

describe('explainInstallRemove (property)', () => {
  test(`R-V1: every popup count equals the number of licenses explaining it, after every event and long after`, () => {
    fc.assert(
      fc.property(validHistory(), (history) => {
        let last: LedgerState | undefined;
        for (const { state } of statesAlong(history)) {
          countsMatchExplanations(state);
          returnablesAreExtended(state);
          last = state;
        }
        if (last?.clock != null) {
          // Far enough for every short term, takeover and auto-extend to play out (R-T4).
          for (const days of [1, 7, 50, 500]) {
            const later = advancedTo(last, instant(last.clock + days * DAY_MS));
            countsMatchExplanations(later);
            returnablesAreExtended(later);
          }
        }
      }),
    );
  });
});
