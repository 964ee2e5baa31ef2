import * as E from 'fp-ts/Either';
import { explainMachine, type LedgerState, type MachineExplanation } from '../../src/index';
import { eventBuilder, replayedClean } from '@license-ledger/testing';

const explained = (state: LedgerState, id: string): MachineExplanation => {
  const result = explainMachine(id)(state);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** ws-1 gets acme-kes#1, is uninstalled, then gets a KAV license; ws-2 gets acme-kes#2. */
const state = (): LedgerState => {
  const e = eventBuilder();
  return replayedClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'acme-kes', module: 'KES', quantity: 3 }),
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'acme-kav', module: 'KAV', quantity: 2 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'acme-kes', machineId: 'ws-1', groupId: 'g' }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'acme-kes', machineId: 'ws-2', groupId: 'g' }),
    e('Uninstalled', '2025-02-01T00:00:00Z', { poolId: 'acme-kes', machineId: 'ws-1' }),
    e('ModuleInstalled', '2025-02-02T00:00:00Z', { poolId: 'acme-kav', machineId: 'ws-1', groupId: 'g' }),
  ]);
};

describe('explainMachine', () => {
  test('every license ever on the machine, by pool id then number, and no other machine’s', () => {
    const explanation = explained(state(), 'ws-1');
    expect(explanation.licenses.map((l) => [l.license.licenseId, l.license.status])).toEqual([
      ['acme-kav#1', 'applied'],
      ['acme-kes#1', 'partial'],
    ]);
  });

  test('its record and history: the installs now, every change with its event', () => {
    const explanation = explained(state(), 'ws-1');
    expect(explanation.machine.installs.map((i) => [i.poolId, i.licenseId])).toEqual([['acme-kav', 'acme-kav#1']]);
    // ws-2's install (e4) is not in it; e3 is a request and an install in one (two changes).
    expect([...new Set(explanation.history.map((c) => c.eventId))]).toEqual(['e3', 'e5', 'e6']);
  });

  test('an id never installed on is the typed unknown-machine Left', () => {
    const result = explainMachine('ws-9')(state());
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'unknown-machine', machineId: 'ws-9' });
  });
});
