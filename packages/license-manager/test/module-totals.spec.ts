import { moduleTotals } from '../src/module-totals';
import { day, ledgerOf, type Step } from '@license-ledger/testing';

describe('moduleTotals', () => {
  test('R-V2, R-P1: sums Used and Max of every pool of a module, modules and pools sorted', () => {
    const steps: Step[] = [
      { type: 'LicensePurchased', at: day(0), poolId: 'kes-b', module: 'KES', quantity: 10 },
      { type: 'LicensePurchased', at: day(0), poolId: 'kes-a', module: 'KES', quantity: 5 },
      { type: 'LicensePurchased', at: day(0), poolId: 'budr', module: 'BUDR', quantity: 3 },
      { type: 'KesInstalled', at: day(0), poolId: 'kes-a', machineId: 'm1', groupId: 'g1' },
      { type: 'KesInstalled', at: day(0), poolId: 'kes-b', machineId: 'm2', groupId: 'g1' },
      { type: 'KesInstalled', at: day(0), poolId: 'kes-b', machineId: 'm3', groupId: 'g1' },
      // Extended is not Used (R-V2).
      { type: 'Extended', at: day(1), poolId: 'kes-b', machineId: 'm3' },
      { type: 'ModuleInstalled', at: day(1), poolId: 'budr', machineId: 'm1', groupId: 'g1' },
    ];
    expect(moduleTotals(ledgerOf(steps))).toEqual([
      { module: 'BUDR', used: 1, max: 3, pools: ['budr'] },
      { module: 'KES', used: 3, max: 15, pools: ['kes-a', 'kes-b'] },
    ]);
  });

  test('an empty ledger has no modules', () => {
    expect(moduleTotals(ledgerOf([]))).toEqual([]);
  });
});
