import { returnableExtensions } from '../src/returnable-extensions';
import { day, ledgerAt, ledgerOf, type Step } from '@license-ledger/testing';

// A machine runs KES from one pool at a time (R-L3), so each machine has at most one row.
const twoPools: Step[] = [
  { type: 'LicensePurchased', at: day(0), poolId: 'b-kes', module: 'KES', quantity: 5 },
  { type: 'LicensePurchased', at: day(0), poolId: 'a-kes', module: 'KES', quantity: 5 },
  { type: 'KesInstalled', at: day(0), poolId: 'b-kes', machineId: 'm1', groupId: 'g1' },
  { type: 'KesInstalled', at: day(0), poolId: 'a-kes', machineId: 'm2', groupId: 'g1' },
  { type: 'KesInstalled', at: day(0), poolId: 'a-kes', machineId: 'm3', groupId: 'g1' },
  { type: 'Extended', at: day(1), poolId: 'b-kes', machineId: 'm1', count: 3 },
  { type: 'Extended', at: day(1), poolId: 'a-kes', machineId: 'm2' },
];

describe('returnableExtensions', () => {
  test('R-X1: lists a machine’s queued extensions with their pool, in queue order', () => {
    expect(returnableExtensions(ledgerOf(twoPools), 'm1')).toEqual([{ machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#2', 'b-kes#3', 'b-kes#4'] }]);
    expect(returnableExtensions(ledgerOf(twoPools), 'm2')).toEqual([{ machineId: 'm2', poolId: 'a-kes', licenseIds: ['a-kes#3'] }]);
  });

  test('R-X1: a machine with nothing queued has no row', () => {
    expect(returnableExtensions(ledgerOf(twoPools), 'm3')).toEqual([]);
  });

  test('R-X3: returning gives back the newest first', () => {
    const state = ledgerOf([...twoPools, { type: 'Returned', at: day(2), poolId: 'b-kes', machineId: 'm1', count: 2 }]);
    expect(returnableExtensions(state, 'm1')).toEqual([{ machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#2'] }]);
  });

  test('R-X2: an extension that took over is applied, no longer returnable', () => {
    const later = ledgerAt(twoPools, day(365));
    expect(returnableExtensions(later, 'm1')).toEqual([{ machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#3', 'b-kes#4'] }]);
    expect(returnableExtensions(later, 'm2')).toEqual([]);
  });

  test('R-U2: an uninstall gives the queue back, so nothing is returnable from that pool', () => {
    const state = ledgerOf([...twoPools, { type: 'Uninstalled', at: day(2), poolId: 'b-kes', machineId: 'm1' }]);
    expect(returnableExtensions(state, 'm1')).toEqual([]);
    expect(returnableExtensions(state, 'm2')).toEqual([{ machineId: 'm2', poolId: 'a-kes', licenseIds: ['a-kes#3'] }]);
  });

  test('R-D1: a deleted agent has nothing returnable, nor has an unknown machine', () => {
    expect(returnableExtensions(ledgerOf([...twoPools, { type: 'AgentDeleted', at: day(2), machineId: 'm1' }]), 'm1')).toEqual([]);
    expect(returnableExtensions(ledgerOf(twoPools), 'nobody')).toEqual([]);
  });
});
