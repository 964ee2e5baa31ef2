import { instant } from '@license-ledger/core';
import { explainGroup } from '../src/explain-group';
import { licenseManagerCounts } from '../src/license-manager-counts';
import { day, ledgerAt, ledgerOf, mixedPool, type Step } from '@license-ledger/testing';

describe('explainGroup', () => {
  test('R-V3: names the installed machines of a group; uninstalled, Other and pending ones are left out (day 50, by hand)', () => {
    const state = ledgerAt(mixedPool, day(50));
    expect(explainGroup(state, 'p', 'g1')).toEqual(['m1', 'm6']);
    // m3's license went Other, m5 uninstalled, m4 still pending.
    expect(explainGroup(state, 'p', 'g2')).toEqual([]);
  });

  test('R-V3: a machine whose license expired is still named (day 400, by hand)', () => {
    const state = ledgerAt(mixedPool, day(400));
    expect(explainGroup(state, 'p', 'g1')).toEqual(['m1', 'm6']);
    expect(explainGroup(state, 'p', 'g3')).toEqual([]);
  });

  test('R-V3, R-D1: a deleted agent is left out; R-D5: its id installed again is named in its new group', () => {
    const steps: Step[] = [
      { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: 3 },
      { type: 'KesInstalled', at: day(0), poolId: 'p', machineId: 'm1', groupId: 'g1' },
      { type: 'AgentDeleted', at: day(5), machineId: 'm1' },
    ];
    expect(explainGroup(ledgerOf(steps), 'p', 'g1')).toEqual([]);
    const again = ledgerOf([...steps, { type: 'KesInstalled', at: day(6), poolId: 'p', machineId: 'm1', groupId: 'g2' }]);
    expect(explainGroup(again, 'p', 'g1')).toEqual([]);
    expect(explainGroup(again, 'p', 'g2')).toEqual(['m1']);
  });

  test('R-V3: only machines with the pool’s own module are named', () => {
    const steps: Step[] = [
      { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: 3 },
      { type: 'LicensePurchased', at: day(0), poolId: 'budr', module: 'BUDR', quantity: 3 },
      { type: 'KesInstalled', at: day(0), poolId: 'p', machineId: 'm1', groupId: 'g1' },
      { type: 'ModuleInstalled', at: day(0), poolId: 'budr', machineId: 'm2', groupId: 'g1' },
    ];
    expect(explainGroup(ledgerOf(steps), 'p', 'g1')).toEqual(['m1']);
    expect(explainGroup(ledgerOf(steps), 'budr', 'g1')).toEqual(['m2']);
  });

  test('R-V3: its length is the group’s count, at instants across the scenario', () => {
    for (const when of [day(0), day(20), day(35), day(40), day(61), day(365), day(800)]) {
      const state = ledgerAt(mixedPool, instant(when));
      const groups = licenseManagerCounts(state, 'p')?.groups ?? [];
      for (const group of groups) expect([group.groupId, explainGroup(state, 'p', group.groupId).length]).toEqual([group.groupId, group.machines]);
    }
  });
});
