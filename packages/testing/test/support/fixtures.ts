import {
  getLicense,
  getMachine,
  getPool,
  getSvm,
  type LedgerEvent,
  type LedgerState,
  type License,
  type LicenseChange,
  type Machine,
  type Pool,
  type Svm,
} from '@license-ledger/core';
import { appendHistory, getEntry, setEntry } from '@license-ledger/core/internal';
import { eventBuilder, instantOf, replayedClean } from '../../src/builders/events';

/**
 * A small KES history, checked by hand against the rules: 4 licenses of 365
 * days; ws-1 installs on 2025-01-02 and is extended by one (kes#2 queued);
 * ws-2 installs kes#3 and uninstalls it after 65 days and 5 hours, leaving it
 * Partial with 300 days (R-T3, R-U1); ws-3's install request takes that
 * partial first (R-I2). kes#4 stays Unused.
 */
export const kesHistory = (): LedgerEvent[] => {
  // Ids k1…k6, so a spec's own events (e1, e2, …) can follow them in one history.
  const k = eventBuilder('k');
  return [
    k('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 4 }),
    k('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
    k('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
    k('KesInstalled', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'g-1' }),
    k('Uninstalled', '2025-03-10T05:00:00Z', { poolId: 'kes', machineId: 'ws-2' }),
    k('InstallRequested', '2025-03-11T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', groupId: 'g-1' }),
  ];
};

export const kesState = (): LedgerState => replayedClean(kesHistory());

const must = <T>(value: T | undefined, what: string): T => {
  if (value === undefined) throw new Error(`fixture has no ${what}`);
  return value;
};

/** The state with one pool rewritten: a deliberately broken state for an invariant to catch. */
export const withPool = (state: LedgerState, poolId: string, change: (pool: Pool) => Pool): LedgerState => ({
  ...state,
  pools: setEntry(state.pools, poolId, change(must(getPool(state, poolId), `pool ${poolId}`))),
});

export const withLicense = (
  state: LedgerState,
  licenseId: string,
  change: (license: License) => License,
): LedgerState => ({
  ...state,
  licenses: setEntry(state.licenses, licenseId, change(must(getLicense(state, licenseId), `license ${licenseId}`))),
});

/** A license with extra history entries appended, as if those changes had happened. */
export const withChanges = (
  state: LedgerState,
  licenseId: string,
  changes: readonly Partial<LicenseChange>[],
): LedgerState =>
  withLicense(state, licenseId, (license) => ({
    ...license,
    history: changes.reduce(
      (history, change) =>
        appendHistory(history, {
          at: instantOf('2025-06-01T00:00:00Z'),
          eventId: null,
          rule: 'R-T2',
          status: license.status,
          machineId: null,
          daysLeft: null,
          note: null,
          ...change,
        }),
      license.history,
    ),
  }));

export const withMachine = (
  state: LedgerState,
  machineId: string,
  change: (machine: Machine) => Machine,
): LedgerState => ({
  ...state,
  machines: setEntry(state.machines, machineId, change(must(getMachine(state, machineId), `machine ${machineId}`))),
});

export const withSvm = (state: LedgerState, svmId: string, change: (svm: Svm) => Svm): LedgerState => ({
  ...state,
  svms: setEntry(state.svms, svmId, change(must(getSvm(state, svmId), `SVM ${svmId}`))),
});

export const deletedAgent = (state: LedgerState, key: string) =>
  must(getEntry(state.deletedAgents, key), `deleted agent ${key}`);
