import * as E from 'fp-ts/Either';
import { instant } from '@license-ledger/core';
import { explainGroup } from '../src/explain-group';
import { licenseManagerCounts } from '../src/license-manager-counts';
import { day, ledgerAt, ledgerOf, mixedPool, type Step } from '@license-ledger/testing';

describe('explainGroup', () => {
  test('R-V3: names the installed machines of a group; uninstalled, Other and pending ones are left out (day 50, by hand)', () => {
    const state = ledgerAt(mixedPool, day(50));
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('p', 'g1')(state))).toEqual(['m1', 'm6']);
    // m3's license went Other, m5 uninstalled, m4 still pending.
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('p', 'g2')(state))).toEqual([]);
  });

  test('R-V3: a machine whose license expired is still named (day 400, by hand)', () => {
    const state = ledgerAt(mixedPool, day(400));
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('p', 'g1')(state))).toEqual(['m1', 'm6']);
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('p', 'g3')(state))).toEqual([]);
  });

  test('R-V3, R-D1: a deleted agent is left out; R-D5: its id installed again is named in its new group', () => {
    const steps: Step[] = [
      { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: 3 },
      { type: 'KesInstalled', at: day(0), poolId: 'p', machineId: 'm1', groupId: 'g1' },
      { type: 'AgentDeleted', at: day(5), machineId: 'm1' },
    ];
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('p', 'g1')(ledgerOf(steps)))).toEqual([]);
    const again = ledgerOf([
      ...steps,
      { type: 'KesInstalled', at: day(6), poolId: 'p', machineId: 'm1', groupId: 'g2' },
    ]);
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('p', 'g1')(again))).toEqual([]);
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('p', 'g2')(again))).toEqual(['m1']);
  });

  test('R-V3: only machines with the pool’s own module are named', () => {
    const steps: Step[] = [
      { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: 3 },
      { type: 'LicensePurchased', at: day(0), poolId: 'budr', module: 'BUDR', quantity: 3 },
      { type: 'KesInstalled', at: day(0), poolId: 'p', machineId: 'm1', groupId: 'g1' },
      { type: 'ModuleInstalled', at: day(0), poolId: 'budr', machineId: 'm2', groupId: 'g1' },
    ];
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('p', 'g1')(ledgerOf(steps)))).toEqual(['m1']);
    expect(E.getOrElseW((): readonly string[] => [])(explainGroup('budr', 'g1')(ledgerOf(steps)))).toEqual(['m2']);
  });

  test('R-V3: its length is the group’s count, at instants across the scenario', () => {
    for (const when of [day(0), day(20), day(35), day(40), day(61), day(365), day(800)]) {
      const state = ledgerAt(mixedPool, instant(when));
      const groups = E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))?.groups ?? [];
      for (const group of groups)
        expect([
          group.groupId,
          E.getOrElseW((): readonly string[] => [])(explainGroup('p', group.groupId)(state)).length,
        ]).toEqual([group.groupId, group.machines]);
    }
  });
});
