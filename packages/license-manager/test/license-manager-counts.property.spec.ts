import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { instant, type LedgerState, listMachines, listPools, DAY_MS } from '@license-ledger/core';
import { getLicense } from '@license-ledger/core/internal';
import { explainInstallRemove, installRemoveCounts } from '@license-ledger/install-remove';
import { explainGroup } from '../src/explain-group';
import { explainUsed } from '../src/explain-used';
import { licenseManagerCounts } from '../src/license-manager-counts';
import { moduleTotals } from '../src/module-totals';
import { advancedTo, statesAlong, validHistory } from '@license-ledger/testing';

/** Every group with a live machine that has the pool's module installed, found by walking the machines. */
const groupsWithInstalls = (state: LedgerState, poolId: string): string[] =>
  [
    ...new Set(
      listMachines(state)
        .filter(
          (m) =>
            m.deletedAt === null &&
            m.installs.some((i) => (i.status === 'installed' ? i : i.replaces)?.poolId === poolId),
        )
        .map((m) => m.groupId),
    ),
  ].sort();

const checkViews = (state: LedgerState): void => {
  for (const pool of listPools(state)) {
    const { poolId } = pool;
    const manager = E.getOrElseW(() => undefined)(licenseManagerCounts(poolId)(state));
    const popup = E.getOrElseW(() => undefined)(installRemoveCounts(poolId)(state));
    if (manager === undefined || popup === undefined) throw new Error(`no views for ${poolId}`);
    const used = E.getOrElseW((): readonly string[] => [])(explainUsed(poolId)(state));
    // R-V2: core's counters against a walk over every license.
    expect({ poolId, used: used.length }).toEqual({ poolId, used: manager.used });
    // R-V4, from the two views: the pending installs on a partial are both Used and Pending.
    const usedIds = new Set(used);
    const pendingOnPartial = E.getOrElseW((): readonly string[] => [])(
      explainInstallRemove(poolId, 'pendingInstalls')(state),
    ).filter((id) => usedIds.has(id)).length;
    const sum = popup.unused + manager.used + popup.extended + (popup.pendingInstalls - pendingOnPartial);
    expect({ poolId, conserved: sum }).toEqual({ poolId, conserved: manager.max });
    // R-V3: core's per-group counters against a walk over every machine, and no group missing.
    expect(manager.groups.map((g) => g.groupId)).toEqual(groupsWithInstalls(state, poolId));
    for (const group of manager.groups) {
      expect({ poolId, ...group }).toEqual({
        poolId,
        groupId: group.groupId,
        machines: E.getOrElseW((): readonly string[] => [])(explainGroup(poolId, group.groupId)(state)).length,
      });
    }
  }
  for (const total of moduleTotals(state)) {
    const pools = listPools(state).filter((p) => p.module === total.module);
    expect(total.pools).toEqual(pools.map((p) => p.poolId));
    expect(total.used).toBe(
      pools.reduce(
        (sum, p) => sum + (E.getOrElseW(() => undefined)(licenseManagerCounts(p.poolId)(state))?.used ?? 0),
        0,
      ),
    );
    expect(total.max).toBe(pools.reduce((sum, p) => sum + p.max, 0));
  }
};

/** R-V2: used to date stays used; a license leaves Used only by going back to Unused. */
const leftUsedOnlyForUnused = (before: LedgerState, after: LedgerState): void => {
  for (const pool of listPools(before)) {
    const now = new Set(E.getOrElseW((): readonly string[] => [])(explainUsed(pool.poolId)(after)));
    const left = E.getOrElseW((): readonly string[] => [])(explainUsed(pool.poolId)(before)).filter(
      (id) => !now.has(id),
    );
    for (const licenseId of left)
      expect({ licenseId, status: getLicense(after, licenseId)?.status }).toEqual({ licenseId, status: 'unused' });
  }
};

describe('licenseManagerCounts (property)', () => {
  test(`R-V2, R-V3, R-V4: Used and groups match independent recounts, Max is conserved and licenses leave Used only for Unused, after every event and long after`, () => {
    fc.assert(
      fc.property(validHistory(), (history) => {
        let last: LedgerState | undefined;
        for (const { state } of statesAlong(history)) {
          checkViews(state);
          if (last !== undefined) leftUsedOnlyForUnused(last, state);
          last = state;
        }
        if (last?.clock != null) {
          for (const days of [1, 7, 50, 500]) checkViews(advancedTo(last, instant(last.clock + days * DAY_MS)));
        }
      }),
    );
  });
});
