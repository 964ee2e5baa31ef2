import * as E from 'fp-ts/Either';
import { listMachines, listPools } from '@license-ledger/core';
import { licenseManagerCounts } from '@license-ledger/license-manager';
import type { StateInvariant } from './invariant';

/**
 * R-V3: License Manager's per-group breakdown counts, for each group, the live
 * machines with the pool's module installed now, whatever their license's state
 * (expired included); pending installs, uninstalled machines and deleted agents
 * are not counted.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { groupsCountInstalledMachines } from '@license-ledger/testing'
 * assert.deepStrictEqual(groupsCountInstalledMachines(emptyLedger()), [])
 */
export const groupsCountInstalledMachines: StateInvariant = (state) => {
  const live = listMachines(state).filter((machine) => machine.deletedAt === null);
  return listPools(state).flatMap((pool) => {
    const expected = new Map<string, number>();
    for (const machine of live) {
      // Installed, or expired and being replaced by a pending reinstall: still on the machine.
      const onMachine = machine.installs.some(
        (install) => (install.status === 'installed' ? install : install.replaces)?.poolId === pool.poolId,
      );
      if (onMachine) {
        expected.set(machine.groupId, (expected.get(machine.groupId) ?? 0) + 1);
      }
    }
    const shown = new Map(
      (E.getOrElseW(() => undefined)(licenseManagerCounts(pool.poolId)(state))?.groups ?? []).map((g) => [
        g.groupId,
        g.machines,
      ]),
    );
    const groups = [...new Set([...expected.keys(), ...shown.keys()])].sort();
    return groups
      .filter((groupId) => (expected.get(groupId) ?? 0) !== (shown.get(groupId) ?? 0))
      .map(
        (groupId) =>
          `R-V3: pool ${pool.poolId}: group ${groupId} shows ${shown.get(groupId) ?? 0} machines, ${expected.get(groupId) ?? 0} have it installed`,
      );
  });
};
