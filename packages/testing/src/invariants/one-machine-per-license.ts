import { type Installation, type LedgerState, type License, listMachines, listPools } from '@license-ledger/core';
import { getLicense, mapValues, poolLicenses } from '@license-ledger/core/internal';
import type { StateInvariant, Violations } from './invariant';

/** One place a license is held: as the current license of an install, or queued behind it. */
interface Holder {
  readonly where: string;
  readonly machineId: string;
  readonly as: 'current' | 'queued';
  readonly install: Installation['status'];
  readonly live: boolean;
}

const holdersOf = (state: LedgerState): Map<string, Holder[]> => {
  const holders = new Map<string, Holder[]>();
  const add = (licenseId: string, holder: Holder): void => {
    holders.set(licenseId, [...(holders.get(licenseId) ?? []), holder]);
  };
  const addInstall = (install: Installation, machineId: string, where: string, live: boolean): void => {
    add(install.licenseId, { where, machineId, as: 'current', install: install.status, live });
    for (const queued of install.queue) add(queued, { where, machineId, as: 'queued', install: install.status, live });
  };
  for (const machine of listMachines(state)) {
    for (const install of machine.installs)
      addInstall(install, machine.machineId, `machine ${machine.machineId}`, machine.deletedAt === null);
  }
  for (const agent of mapValues(state.deletedAgents)) {
    for (const install of agent.installs) addInstall(install, agent.machineId, `deleted agent ${agent.key}`, false);
  }
  return holders;
};

/** Where a license in this status must be held: how many times, and as what. */
const placementProblem = (license: License, holders: readonly Holder[]): string | null => {
  const one = holders.length === 1 ? holders[0] : undefined;
  switch (license.status) {
    case 'applied':
      return one?.as === 'current' && one.live && one.install === 'installed' && one.machineId === license.machineId
        ? null
        : `is applied on ${license.machineId ?? 'no machine'} but is not the current license of exactly that live machine's install`;
    case 'reserved':
      return one?.as === 'current' && one.live && one.install === 'pending'
        ? null
        : 'is reserved but not held by exactly one pending install';
    case 'extended':
      return one?.as === 'queued' ? null : 'is extended but not queued behind exactly one install';
    case 'held':
      return one?.as === 'current' && !one.live ? null : 'waits for recovery but no deleted agent holds it';
    case 'expired':
      return holders.length <= 1 && (one === undefined || one.as === 'current')
        ? null
        : 'is expired but held more than once or queued';
    default:
      return holders.length === 0
        ? null
        : `is ${license.status} but still held by ${holders.map((h) => h.where).join(', ')}`;
  }
};

/**
 * Each license is on at most one machine, and where its status says (R-P3, R-I1,
 * R-X1, R-D1): an applied license is the current license of exactly one live
 * machine's install, a reserved one of exactly one pending install, an extended
 * one is queued behind exactly one install, a held one sits on a deleted agent,
 * and Unused, Partial and Other licenses are on no machine. Conversely every
 * install's license is reserved (pending), applied or expired (installed), or
 * held (deleted agent).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { oneMachinePerLicense } from '@license-ledger/testing'
 * assert.deepStrictEqual(oneMachinePerLicense(emptyLedger()), [])
 */
export const oneMachinePerLicense: StateInvariant = (state) => {
  const holders = holdersOf(state);
  const out: string[] = [];
  for (const pool of listPools(state)) {
    for (const license of poolLicenses(state, pool.poolId)) {
      const problem = placementProblem(license, holders.get(license.licenseId) ?? []);
      if (problem !== null) out.push(`${license.licenseId} ${problem}`);
    }
  }
  for (const [licenseId, held] of holders) {
    for (const holder of held.filter((h) => h.as === 'current')) {
      const status = getLicense(state, licenseId)?.status;
      const fits =
        holder.install === 'pending'
          ? status === 'reserved'
          : holder.live
            ? status === 'applied' || status === 'expired'
            : status === 'held';
      if (!fits)
        out.push(
          `${holder.where} holds ${licenseId} for its ${holder.install} install, but ${licenseId} is ${status ?? 'unknown'}`,
        );
    }
  }
  return out satisfies Violations;
};
