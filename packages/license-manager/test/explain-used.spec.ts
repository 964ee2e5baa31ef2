import * as E from 'fp-ts/Either';
import { instant, MAX_QUANTITY } from '@license-ledger/core';
import { explainUsed } from '../src/explain-used';
import { licenseManagerCounts } from '../src/license-manager-counts';
import { day, ledgerAt, ledgerOf, mixedPool, type Step } from '@license-ledger/testing';

const ids = (...numbers: number[]) => numbers.map((n) => `p#${n}`);

describe('explainUsed', () => {
  const twoBillion: Step[] = [
    { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: MAX_QUANTITY },
    { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: MAX_QUANTITY },
    { type: 'KesInstalled', at: day(1), poolId: 'p', machineId: 'm1', groupId: 'g' },
    { type: 'KesInstalled', at: day(1), poolId: 'p', machineId: 'm2', groupId: 'g' },
    { type: 'Uninstalled', at: day(2), poolId: 'p', machineId: 'm2' },
  ];

  test('R-V2, F3: two purchases of MAX_QUANTITY: Used is named from the licenses ever handed out, not by walking two billion', () => {
    expect(explainUsed('p')(ledgerOf(twoBillion))).toEqual(E.right(['p#1', 'p#2']));
  });

  test('R-V2, R-V4: names applied, other, partial and pending-on-partial licenses, not extended or unused (day 50, by hand)', () => {
    // Applied p#1 p#5, pending on a partial p#2, Other p#3, Partial p#4; Extended p#6 p#7 and Unused p#8..p#10 are not Used.
    expect(E.getOrElseW((): readonly string[] => [])(explainUsed('p')(ledgerAt(mixedPool, day(50))))).toEqual(
      ids(1, 2, 3, 4, 5),
    );
  });

  test('R-V2, R-V4: adds expired licenses and the extension that took over, not a pending install on a never-used license (day 400, by hand)', () => {
    // p#1, p#5 Expired, p#6 Applied; p#8 is reserved from Unused by m8's pending install.
    expect(E.getOrElseW((): readonly string[] => [])(explainUsed('p')(ledgerAt(mixedPool, day(400))))).toEqual(
      ids(1, 2, 3, 4, 5, 6),
    );
  });

  test('R-D1: a license held by a deleted agent is Used', () => {
    const steps: Step[] = [
      { type: 'LicensePurchased', at: day(0), poolId: 'p', module: 'KES', quantity: 2 },
      { type: 'KesInstalled', at: day(0), poolId: 'p', machineId: 'm1', groupId: 'g1' },
      { type: 'AgentDeleted', at: day(5), machineId: 'm1' },
    ];
    expect(E.getOrElseW((): readonly string[] => [])(explainUsed('p')(ledgerOf(steps)))).toEqual(ids(1));
  });

  test('R-V2: its length is Used, at instants across the scenario', () => {
    for (const when of [
      day(0),
      day(10),
      day(20),
      day(35),
      day(40),
      day(50),
      day(60),
      day(61),
      day(365) - 1,
      day(365),
      day(800),
    ]) {
      const state = ledgerAt(mixedPool, instant(when));
      expect(E.getOrElseW((): readonly string[] => [])(explainUsed('p')(state))).toHaveLength(
        E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))?.used ?? -1,
      );
    }
  });

  test('a pool never purchased is a Left naming it (unknown-pool), not an empty list', () => {
    expect(explainUsed('nope')(ledgerOf(mixedPool))).toEqual(
      E.left({ kind: 'unknown-pool', poolId: 'nope', message: 'no pool "nope" was purchased' }),
    );
  });
});
