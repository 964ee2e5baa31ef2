import { returnableExtensions } from '../src/returnable-extensions';
import { day, ledger, ledgerAt, type Step } from './support/ledger';

const twoPools: Step[] = [
  { type: 'LicensePurchased', at: day(0), poolId: 'b-kes', module: 'KES', quantity: 5 },
  { type: 'LicensePurchased', at: day(0), poolId: 'a-kes', module: 'KES', quantity: 5 },
  { type: 'KesInstalled', at: day(0), poolId: 'b-kes', machineId: 'm1', groupId: 'g1' },
  { type: 'KesInstalled', at: day(0), poolId: 'a-kes', machineId: 'm1', groupId: 'g1' },
  { type: 'KesInstalled', at: day(0), poolId: 'a-kes', machineId: 'm2', groupId: 'g1' },
  { type: 'Extended', at: day(1), poolId: 'b-kes', machineId: 'm1', count: 3 },
  { type: 'Extended', at: day(1), poolId: 'a-kes', machineId: 'm1' },
];

describe('returnableExtensions', () => {
  test('R-X1: lists the queued extensions per pool, sorted by pool id, in queue order', () => {
    expect(returnableExtensions(ledger(twoPools), 'm1')).toEqual([
      { machineId: 'm1', poolId: 'a-kes', licenseIds: ['a-kes#3'] },
      { machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#2', 'b-kes#3', 'b-kes#4'] },
    ]);
  });

  test('R-X1: a machine with nothing queued has no row', () => {
    expect(returnableExtensions(ledger(twoPools), 'm2')).toEqual([]);
  });

  test('R-X3: returning gives back the newest first', () => {
    const state = ledger([...twoPools, { type: 'Returned', at: day(2), poolId: 'b-kes', machineId: 'm1', count: 2 }]);
    expect(returnableExtensions(state, 'm1')).toEqual([
      { machineId: 'm1', poolId: 'a-kes', licenseIds: ['a-kes#3'] },
      { machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#2'] },
    ]);
  });

  test('R-X2: an extension that took over is applied, no longer returnable', () => {
    expect(returnableExtensions(ledgerAt(twoPools, day(365)), 'm1')).toEqual([
      { machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#3', 'b-kes#4'] },
    ]);
  });

  test('R-U2: an uninstall gives the queue back, so nothing is returnable from that pool', () => {
    const state = ledger([...twoPools, { type: 'Uninstalled', at: day(2), poolId: 'b-kes', machineId: 'm1' }]);
    expect(returnableExtensions(state, 'm1')).toEqual([{ machineId: 'm1', poolId: 'a-kes', licenseIds: ['a-kes#3'] }]);
  });

  test('R-D1: a deleted agent has nothing returnable, nor has an unknown machine', () => {
    expect(returnableExtensions(ledger([...twoPools, { type: 'AgentDeleted', at: day(2), machineId: 'm1' }]), 'm1')).toEqual([]);
    expect(returnableExtensions(ledger(twoPools), 'nobody')).toEqual([]);
  });
});
