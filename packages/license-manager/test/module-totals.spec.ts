import * as E from 'fp-ts/Either';
import { createReplayer } from '@license-ledger/core';
import { moduleTotals } from '../src/module-totals';
import { day, eventBuilder, ledgerOf, type Step } from '@license-ledger/testing';

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

  test("R-V2: reads a replayer's view (Replayer.view: the pools without the rest of a state) as it reads the state", () => {
    const e = eventBuilder();
    const replayer = createReplayer();
    replayer.push(e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 4 }));
    replayer.push(e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'm1', groupId: 'g1' }));
    replayer.push(e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'm2', groupId: 'g1' }));
    const view = replayer.view();
    if (E.isLeft(view)) throw new Error(view.left.message);
    expect(moduleTotals(view.right)).toEqual([{ module: 'KES', used: 2, max: 4, pools: ['kes'] }]);
    expect(moduleTotals(view.right)).toEqual(moduleTotals(replayer.result().state));
  });

  test('an empty ledger has no modules', () => {
    expect(moduleTotals(ledgerOf([]))).toEqual([]);
  });
});
