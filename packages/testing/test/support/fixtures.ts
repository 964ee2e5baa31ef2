import {
  type Instant,
  type LedgerEvent,
  type LedgerState,
  type License,
  type LicenseChange,
  type Machine,
  parseInstant,
  type Pool,
  type Svm,
} from '@license-ledger/core';
import {
  appendHistory,
  getEntry,
  getLicense,
  getMachine,
  getPool,
  getSvm,
  setEntry,
} from '@license-ledger/core/internal';
import { replayed } from './ledger';

/** An instant from its ISO text; a typo fails the test that uses it. */
export const at = (iso: string): Instant => {
  const parsed = parseInstant(iso);
  if (parsed === undefined) throw new Error(`not an instant: ${iso}`);
  return parsed;
};

let nextId = 0;
const id = (): string => `t${++nextId}`;

/** Hand-written events, each checked against rules.md where a test relies on its effect. */
export const ev = {
  purchase: (when: string, poolId: string, module: string, quantity: number, termDays?: number): LedgerEvent => ({
    type: 'LicensePurchased',
    id: id(),
    at: at(when),
    poolId,
    module,
    quantity,
    ...(termDays === undefined ? {} : { termDays }),
  }),
  request: (when: string, poolId: string, machineId: string, groupId = 'g-1'): LedgerEvent => ({
    type: 'InstallRequested',
    id: id(),
    at: at(when),
    poolId,
    machineId,
    groupId,
  }),
  kes: (when: string, poolId: string, machineId: string, groupId = 'g-1'): LedgerEvent => ({
    type: 'KesInstalled',
    id: id(),
    at: at(when),
    poolId,
    machineId,
    groupId,
  }),
  module: (when: string, poolId: string, machineId: string, groupId = 'g-1'): LedgerEvent => ({
    type: 'ModuleInstalled',
    id: id(),
    at: at(when),
    poolId,
    machineId,
    groupId,
  }),
  fail: (when: string, poolId: string, machineId: string): LedgerEvent => ({
    type: 'InstallFailed',
    id: id(),
    at: at(when),
    poolId,
    machineId,
  }),
  uninstall: (when: string, poolId: string, machineId: string): LedgerEvent => ({
    type: 'Uninstalled',
    id: id(),
    at: at(when),
    poolId,
    machineId,
  }),
  extend: (when: string, poolId: string, machineId: string, count = 1): LedgerEvent => ({
    type: 'Extended',
    id: id(),
    at: at(when),
    poolId,
    machineId,
    count,
  }),
  returned: (when: string, poolId: string, machineId: string, count = 1): LedgerEvent => ({
    type: 'Returned',
    id: id(),
    at: at(when),
    poolId,
    machineId,
    count,
  }),
  autoExtend: (when: string, poolId: string, machineId: string, enabled = true): LedgerEvent => ({
    type: 'AutoExtendSet',
    id: id(),
    at: at(when),
    poolId,
    machineId,
    enabled,
  }),
  agentDeleted: (when: string, machineId: string): LedgerEvent => ({
    type: 'AgentDeleted',
    id: id(),
    at: at(when),
    machineId,
  }),
  recovery: (when: string): LedgerEvent => ({ type: 'RecoveryRun', id: id(), at: at(when) }),
  markOther: (when: string, poolId: string, machineId: string): LedgerEvent => ({
    type: 'LicenseMarkedOther',
    id: id(),
    at: at(when),
    poolId,
    machineId,
    reason: 'lost',
  }),
  resolve: (
    when: string,
    poolId: string,
    licenseId: string,
    resolution: 'partial' | 'unused' | 'expired',
  ): LedgerEvent => ({
    type: 'OtherResolved',
    id: id(),
    at: at(when),
    poolId,
    licenseId,
    resolution,
  }),
};

/**
 * A small KES history, checked by hand against the rules: 4 licenses of 365
 * days; ws-1 installs on 2025-01-02 and is extended by one (kes#2 queued);
 * ws-2 installs kes#3 and uninstalls it after 65 days and 5 hours, leaving it
 * Partial with 300 days (R-T3, R-U1); ws-3's install request takes that
 * partial first (R-I2). kes#4 stays Unused.
 */
export const kesHistory = (): LedgerEvent[] => [
  ev.purchase('2025-01-01T00:00:00Z', 'kes', 'KES', 4),
  ev.kes('2025-01-02T00:00:00Z', 'kes', 'ws-1'),
  ev.extend('2025-01-03T00:00:00Z', 'kes', 'ws-1'),
  ev.kes('2025-01-04T00:00:00Z', 'kes', 'ws-2'),
  ev.uninstall('2025-03-10T05:00:00Z', 'kes', 'ws-2'),
  ev.request('2025-03-11T00:00:00Z', 'kes', 'ws-3'),
];

export const kesState = (): LedgerState => replayed(kesHistory());

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
          at: at('2025-06-01T00:00:00Z'),
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
