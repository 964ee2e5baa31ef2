import * as E from 'fp-ts/Either';
import { returnableExtensions } from '../src/returnable-extensions';
import { day, ledgerAt, ledgerOf, ledgerSpec, numbered, type Step } from '@license-ledger/testing';

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
    expect(E.getOrElseW(() => undefined)(returnableExtensions('m1')(ledgerOf(twoPools)))).toEqual([
      { machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#2', 'b-kes#3', 'b-kes#4'] },
    ]);
    expect(E.getOrElseW(() => undefined)(returnableExtensions('m2')(ledgerOf(twoPools)))).toEqual([
      { machineId: 'm2', poolId: 'a-kes', licenseIds: ['a-kes#3'] },
    ]);
  });

  test('R-X1: a machine with nothing queued has no row', () => {
    expect(E.getOrElseW(() => undefined)(returnableExtensions('m3')(ledgerOf(twoPools)))).toEqual([]);
  });

  test('R-X3: returning gives back the newest first', () => {
    ledgerSpec
      .given(numbered([...twoPools]))
      .when({ type: 'Returned', at: day(2), poolId: 'b-kes', machineId: 'm1', count: 2, id: 'when' })
      .then('applied', {
        'R-X3: returning gives back the newest first': (state) => {
          expect(E.getOrElseW(() => undefined)(returnableExtensions('m1')(state))).toEqual([
            { machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#2'] },
          ]);
        },
      });
  });

  test('R-X2: an extension that took over is applied, no longer returnable', () => {
    const later = ledgerAt(twoPools, day(365));
    expect(E.getOrElseW(() => undefined)(returnableExtensions('m1')(later))).toEqual([
      { machineId: 'm1', poolId: 'b-kes', licenseIds: ['b-kes#3', 'b-kes#4'] },
    ]);
    expect(E.getOrElseW(() => undefined)(returnableExtensions('m2')(later))).toEqual([]);
  });

  test('R-U2: an uninstall gives the queue back, so nothing is returnable from that pool', () => {
    ledgerSpec
      .given(numbered([...twoPools]))
      .when({ type: 'Uninstalled', at: day(2), poolId: 'b-kes', machineId: 'm1', id: 'when' })
      .then('applied', {
        'R-U2: an uninstall gives the queue back, so nothing is returnable from that pool': (state) => {
          expect(E.getOrElseW(() => undefined)(returnableExtensions('m1')(state))).toEqual([]);
          expect(E.getOrElseW(() => undefined)(returnableExtensions('m2')(state))).toEqual([
            { machineId: 'm2', poolId: 'a-kes', licenseIds: ['a-kes#3'] },
          ]);
        },
      });
  });

  test('R-D1: a deleted agent has nothing returnable; an unknown machine is a Left (unknown-machine)', () => {
    expect(
      E.getOrElseW(() => undefined)(
        returnableExtensions('m1')(ledgerOf([...twoPools, { type: 'AgentDeleted', at: day(2), machineId: 'm1' }])),
      ),
    ).toEqual([]);
    expect(returnableExtensions('nobody')(ledgerOf(twoPools))).toEqual(
      E.left({ kind: 'unknown-machine', machineId: 'nobody', message: 'no machine "nobody" is known' }),
    );
  });
});
