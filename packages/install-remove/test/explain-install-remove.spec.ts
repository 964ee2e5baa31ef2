import * as E from 'fp-ts/Either';
import { instant, MAX_QUANTITY } from '@license-ledger/core';
import { explainInstallRemove } from '../src/explain-install-remove';
import { type InstallRemoveCount, installRemoveCounts } from '../src/install-remove-counts';
import { day, ledgerAt, ledgerOf, mixedPool, type Step } from '@license-ledger/testing';

const COUNTS: readonly InstallRemoveCount[] = [
  'expired',
  'applied',
  'partial',
  'pendingInstalls',
  'extended',
  'other',
  'unused',
];
const ids = (...numbers: number[]) => numbers.map((n) => `p#${n}`);
const explainAll = (steps: readonly Step[], when: number) => {
  const state = ledgerAt(steps, instant(when));
  return Object.fromEntries(
    COUNTS.map((count) => [count, E.getOrElseW((): readonly string[] => [])(explainInstallRemove('p', count)(state))]),
  );
};

describe('explainInstallRemove', () => {
  const twoBillion: Step[] = [
    { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: MAX_QUANTITY },
    { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: MAX_QUANTITY },
    { type: 'KesInstalled', at: day(1), poolId: 'p', machineId: 'm1', groupId: 'g' },
    { type: 'KesInstalled', at: day(1), poolId: 'p', machineId: 'm2', groupId: 'g' },
    { type: 'Uninstalled', at: day(2), poolId: 'p', machineId: 'm2' },
  ];

  test('R-V1, F3: two purchases of MAX_QUANTITY: every count but Unused is named from the licenses ever handed out', () => {
    const state = ledgerOf(twoBillion);
    expect(explainInstallRemove('p', 'applied')(state)).toEqual(E.right(['p#1']));
    expect(explainInstallRemove('p', 'partial')(state)).toEqual(E.right(['p#2']));
    expect(explainInstallRemove('p', 'expired')(state)).toEqual(E.right([]));
    expect(installRemoveCounts('p')(state)).toMatchObject(E.right({ unused: 2 * MAX_QUANTITY - 2 }));
  });

  test('R-V1: names the licenses behind every count, by license number (worked by hand, day 50)', () => {
    expect(explainAll(mixedPool, day(50))).toEqual({
      expired: [],
      applied: ids(1, 5),
      partial: ids(4),
      pendingInstalls: ids(2),
      extended: ids(6, 7),
      other: ids(3),
      unused: ids(8, 9, 10),
    });
  });

  test('R-X2, R-I2, R-V4: after the takeover and expiry at day 365 (worked by hand, day 400)', () => {
    expect(explainAll(mixedPool, day(400))).toEqual({
      expired: ids(1, 5),
      applied: ids(6),
      partial: [],
      pendingInstalls: ids(2, 4, 8),
      extended: ids(7),
      other: ids(3),
      unused: ids(9, 10),
    });
  });

  test('R-D1: a license on a deleted agent is explained under Applied until recovery, then under Partial (R-D2)', () => {
    const steps: Step[] = [
      { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: 3 },
      { type: 'KesInstalled', at: day(0), poolId: 'p', machineId: 'm1', groupId: 'g1' },
      { type: 'AgentDeleted', at: day(10), machineId: 'm1' },
    ];
    expect(E.getOrElseW((): readonly string[] => [])(explainInstallRemove('p', 'applied')(ledgerOf(steps)))).toEqual(
      ids(1),
    );
    const recovered = ledgerOf([...steps, { type: 'RecoveryRun', at: day(11) }]);
    expect(E.getOrElseW((): readonly string[] => [])(explainInstallRemove('p', 'applied')(recovered))).toEqual([]);
    expect(E.getOrElseW((): readonly string[] => [])(explainInstallRemove('p', 'partial')(recovered))).toEqual(ids(1));
  });

  test('R-X3: a returned extension is explained under Unused again, in number order', () => {
    const steps: Step[] = [
      { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: 4 },
      { type: 'KesInstalled', at: day(0), poolId: 'p', machineId: 'm1', groupId: 'g1' },
      { type: 'Extended', at: day(1), poolId: 'p', machineId: 'm1', count: 2 },
      { type: 'Returned', at: day(2), poolId: 'p', machineId: 'm1' },
    ];
    const state = ledgerOf(steps);
    expect(E.getOrElseW((): readonly string[] => [])(explainInstallRemove('p', 'extended')(state))).toEqual(ids(2));
    expect(E.getOrElseW((): readonly string[] => [])(explainInstallRemove('p', 'unused')(state))).toEqual(ids(3, 4));
  });

  test('R-V1: every explanation is as long as its count, at instants across the scenario', () => {
    for (const when of [
      day(0),
      day(10),
      day(20, 1),
      day(35),
      day(40),
      day(50),
      day(61),
      day(365) - 1,
      day(365),
      day(400),
      day(800),
    ]) {
      const state = ledgerAt(mixedPool, instant(when));
      const counts = E.getOrElseW(() => undefined)(installRemoveCounts('p')(state));
      for (const count of COUNTS)
        expect([
          count,
          E.getOrElseW((): readonly string[] => [])(explainInstallRemove('p', count)(state)).length,
        ]).toEqual([count, counts?.[count]]);
    }
  });

  test('a pool never purchased is a Left naming it (unknown-pool), not an empty list', () => {
    expect(explainInstallRemove('nope', 'unused')(ledgerOf(mixedPool))).toEqual(
      E.left({ kind: 'unknown-pool', poolId: 'nope', message: 'no pool "nope" was purchased' }),
    );
  });
});
