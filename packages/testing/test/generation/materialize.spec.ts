import { formatInstant } from '@license-ledger/core';
import { materialize, type Setup } from '../../src/generation/materialize';

const HOUR = 3_600_000;
const setup: Setup = {
  start: Date.UTC(2025, 0, 1),
  pools: [{ poolId: 'kes-1', module: 'KES', termDays: undefined, quantity: 1 }],
  machines: 3,
  groups: 1,
  svms: 1,
  clusters: 1,
  groupMoves: true,
};

describe('materialize', () => {
  test('R-I5: drops a command the model refuses (time still moves on by its gap) and numbers the events it keeps', () => {
    const events = materialize(setup, [
      { gap: HOUR, command: { kind: 'install', pool: 0, machine: 0, moveTo: null, backdateMinutes: 0 } },
      // The pool's only license is taken: the model refuses this install (R-I5) and it is dropped.
      { gap: 2 * HOUR, command: { kind: 'install', pool: 0, machine: 1, moveTo: null, backdateMinutes: 0 } },
      { gap: 3 * HOUR, command: { kind: 'uninstall', pick: 0 } },
    ]);
    expect(events.map((e) => [e.id, e.type, formatInstant(e.at)])).toEqual([
      ['e1', 'LicensePurchased', '2025-01-01T00:00:00Z'],
      ['e2', 'KesInstalled', '2025-01-01T01:00:00Z'],
      ['e3', 'Uninstalled', '2025-01-01T06:00:00Z'],
    ]);
  });

  test('resolves picks against what exists: a command with nothing to act on is dropped', () => {
    const events = materialize(setup, [
      { gap: HOUR, command: { kind: 'fail', pick: 5 } },
      { gap: HOUR, command: { kind: 'return', pick: 0, count: 1 } },
      { gap: HOUR, command: { kind: 'resolveOther', pick: 0, resolution: 'unused' } },
      {
        gap: HOUR,
        command: {
          kind: 'renewByCode',
          pick: 0,
          succeeded: true,
          key: {
            type: 'server',
            edition: 'standard',
            subscription: false,
            trial: undefined,
            termDays: 5,
            expiresInDays: null,
          },
        },
      },
    ]);
    expect(events.map((e) => e.type)).toEqual(['LicensePurchased']);
  });

  test('R-K4: a reserve matching an active key copies its type and edition and drops subscription and trial', () => {
    const key = {
      type: 'desktop',
      edition: 'enterprise',
      subscription: true,
      trial: true,
      termDays: 30,
      expiresInDays: 10,
    } as const;
    const events = materialize({ ...setup, pools: [] }, [
      { gap: 0, command: { kind: 'registerSvm', svm: 0, cluster: 0 } },
      {
        gap: HOUR,
        command: {
          kind: 'activateKey',
          pick: 0,
          key: { ...key, type: 'server', edition: 'standard', subscription: false, trial: undefined },
          viaActivationCode: false,
        },
      },
      { gap: HOUR, command: { kind: 'addReserve', target: 'cluster', pick: 0, key, matchActive: true } },
    ]);
    expect(events[2]).toEqual({
      type: 'ReserveKeyAdded',
      id: 'e3',
      at: setup.start + 2 * HOUR,
      target: { clusterId: 'c-1' },
      key: {
        keyId: 'K-2',
        type: 'server',
        edition: 'standard',
        subscription: false,
        termDays: 30,
        expiresAt: setup.start + 2 * HOUR + 10 * 86_400_000,
      },
    });
  });

  test('R-I1/R-L3: the model refuses, and so drops, a KES install from a second pool while the machine awaits or runs KES from the first', () => {
    const twoPools: Setup = {
      ...setup,
      machines: 1,
      pools: [...setup.pools, { poolId: 'kes-2', module: 'KES', termDays: undefined, quantity: 2 }],
    };
    const events = materialize(twoPools, [
      { gap: HOUR, command: { kind: 'request', pool: 0, machine: 0, moveTo: null } },
      // ws-1 has KES pending from kes-1: rejected (R-I1) and dropped.
      { gap: HOUR, command: { kind: 'install', pool: 1, machine: 0, moveTo: null, backdateMinutes: 0 } },
      { gap: HOUR, command: { kind: 'complete', pick: 0, backdateMinutes: 0 } },
      // ws-1 runs kes-1#1: both rejected (R-L3) and dropped.
      { gap: HOUR, command: { kind: 'install', pool: 1, machine: 0, moveTo: null, backdateMinutes: 0 } },
      { gap: HOUR, command: { kind: 'request', pool: 1, machine: 0, moveTo: null } },
    ]);
    expect(events.map((e) => [e.type, 'poolId' in e ? e.poolId : null])).toEqual([
      ['LicensePurchased', 'kes-1'],
      ['LicensePurchased', 'kes-2'],
      ['InstallRequested', 'kes-1'],
      ['KesInstalled', 'kes-1'],
    ]);
  });

  test('R-I1: once the first KES license expired, an install from another pool is kept', () => {
    const twoPools: Setup = {
      ...setup,
      machines: 1,
      pools: [
        { poolId: 'kes-1', module: 'KES', termDays: 7, quantity: 1 },
        { poolId: 'kes-2', module: 'KES', termDays: undefined, quantity: 1 },
      ],
    };
    const events = materialize(twoPools, [
      { gap: HOUR, command: { kind: 'install', pool: 0, machine: 0, moveTo: null, backdateMinutes: 0 } },
      { gap: 8 * 24 * HOUR, command: { kind: 'install', pool: 1, machine: 0, moveTo: null, backdateMinutes: 0 } },
    ]);
    expect(events.map((e) => [e.type, 'poolId' in e ? e.poolId : null])).toEqual([
      ['LicensePurchased', 'kes-1'],
      ['LicensePurchased', 'kes-2'],
      ['KesInstalled', 'kes-1'],
      ['KesInstalled', 'kes-2'],
    ]);
  });
});
