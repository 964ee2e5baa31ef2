import {
  compareIds,
  historyToArray,
  type LedgerState,
  type License,
  listMachines,
  listPools,
  listSvms,
  unusedCount,
} from '@license-ledger/core';
import { mapEntries, mapValues, poolLicenses } from '@license-ledger/core/internal';

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T): number =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

// Keys sorted at every level: the same state reached by decoded and by hand-made events
// holds objects whose keys were written in different orders.
const sortedKeys = (_key: string, value: unknown): unknown =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => compareIds(a, b)))
    : value;

const licenseView = (license: License) => ({
  licenseId: license.licenseId,
  termDays: license.termDays,
  status: license.status,
  machineId: license.machineId,
  daysLeft: license.daysLeft,
  startAt: license.startAt,
  endAt: license.endAt,
  reservedFrom: license.reservedFrom,
  partialRank: license.partialRank,
  history: historyToArray(license.history),
});

/**
 * Everything observable in a ledger state, as one deterministic string: the
 * clock; every pool with its purchases, counters, Unused and Partial sizes and
 * groups; every license of every pool (untouched ones included, R-P3) with its
 * whole history; every machine record with its installs and history; what
 * deleted agents still hold; every SVM with its slots, task errors and history.
 * Two states with the same fingerprint answer every query alike.
 *
 * Left out on purpose: the agenda (it may hold stale entries that change
 * nothing), the applied-id table and the partial sequence counter (bookkeeping
 * that a no-op event such as a second RecoveryRun still moves).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { ledgerFingerprint } from '@license-ledger/testing'
 * assert.deepStrictEqual(ledgerFingerprint(emptyLedger()) === ledgerFingerprint(emptyLedger()), true)
 */
export const ledgerFingerprint = (state: LedgerState): string =>
  JSON.stringify(
    {
      clock: state.clock,
      pools: listPools(state).map((pool) => ({
        poolId: pool.poolId,
        module: pool.module,
        max: pool.max,
        purchases: pool.purchases,
        counts: pool.counts,
        unused: unusedCount(pool),
        partial: pool.partials.size,
        groups: [...mapEntries(pool.groups)].sort(byKey(([groupId]) => groupId)),
        licenses: [...poolLicenses(state, pool.poolId)].map(licenseView),
      })),
      machines: listMachines(state).map((machine) => ({
        machineId: machine.machineId,
        incarnation: machine.incarnation,
        groupId: machine.groupId,
        deletedAt: machine.deletedAt,
        avRemovedAt: machine.avRemovedAt,
        installs: [...machine.installs].sort(byKey((install) => install.poolId)),
        history: historyToArray(machine.history),
      })),
      deletedAgents: [...mapValues(state.deletedAgents)].sort(byKey((agent) => agent.key)).map((agent) => ({
        ...agent,
        installs: [...agent.installs].sort(byKey((install) => install.poolId)),
      })),
      svms: listSvms(state).map((svm) => ({
        svmId: svm.svmId,
        clusterId: svm.clusterId,
        slots: svm.slots,
        taskErrors: historyToArray(svm.taskErrors),
        history: historyToArray(svm.history),
      })),
    },
    sortedKeys,
  );
