import * as E from 'fp-ts/Either';
import { getLicense, replay } from '@license-ledger/core';
import { installRemoveCounts, type InstallRemoveCounts } from '../src/install-remove-counts';
import { advancedTo, day, ledgerAt, ledgerOf, ledgerSpec, numbered, type Step } from '@license-ledger/testing';

const NONE: InstallRemoveCounts = {
  expired: 0,
  applied: 0,
  partial: 0,
  pendingInstalls: 0,
  extended: 0,
  other: 0,
  unused: 0,
};
const counts = (changes: Partial<InstallRemoveCounts>): InstallRemoveCounts => ({ ...NONE, ...changes });

const kes = (quantity: number, extra: Partial<{ termDays: number }> = {}): Step => ({
  type: 'LicensePurchased',
  at: day(0),
  poolId: 'p',
  module: 'KES',
  quantity,
  ...extra,
});
const kesInstalled = (machineId: string, when = day(0), groupId = 'g1'): Step => ({
  type: 'KesInstalled',
  at: when,
  poolId: 'p',
  machineId,
  groupId,
});

describe('installRemoveCounts', () => {
  test('R-P1: a fresh purchase is all Unused; a pool never purchased has no popup', () => {
    ledgerSpec
      .given(numbered([]))
      .when({ ...kes(10), id: 'when' })
      .then('applied', {
        'R-P1: a fresh purchase is all Unused; a pool never purchased has no popup': (state) => {
          expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toEqual(counts({ unused: 10 }));
          expect(installRemoveCounts('nope')(state)).toEqual(
            E.left({ kind: 'unknown-pool', poolId: 'nope', message: 'no pool "nope" was purchased' }),
          );
        },
      });
  });

  test('R-I3: a successful check-in moves one license from Unused to Applied', () => {
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerOf([kes(10), kesInstalled('m1')])))).toEqual(
      counts({ applied: 1, unused: 9 }),
    );
  });

  test('R-U1, R-T3 (seed KKB000221): uninstalled after 65 days leaves one Partial with 300 days', () => {
    ledgerSpec
      .given(numbered([kes(10), kesInstalled('m1')]))
      .when({ type: 'Uninstalled', id: 'u1', at: day(65, 5), poolId: 'p', machineId: 'm1' })
      .then('applied', {
        'R-U1: the popup shows one Partial, no Applied': (after) =>
          expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(after))).toEqual(
            counts({ partial: 1, unused: 9 }),
          ),
        'R-T3: 65 days and 5 hours used of 365 leave 300': (after) =>
          expect(getLicense(after, 'p#1')).toMatchObject({ status: 'partial', daysLeft: 300 }),
      });
  });

  test('R-X3, R-L3: returning more extensions than are queued is rejected whole, and the popup does not move', () => {
    ledgerSpec
      .given(
        numbered([
          kes(10),
          kesInstalled('m1'),
          { type: 'Extended', at: day(10), poolId: 'p', machineId: 'm1', count: 2 },
        ]),
      )
      .when({ type: 'Returned', id: 'r1', at: day(11), poolId: 'p', machineId: 'm1', count: 3 })
      .then(
        { rejectedBy: 'R-X3' },
        {
          'R-L3: the counts are those before the event': (after, before) =>
            expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(after))).toEqual(
              E.getOrElseW(() => undefined)(installRemoveCounts('p')(before)),
            ),
          'R-X1: both extensions are still Extended': (after) =>
            expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(after))).toEqual(
              counts({ applied: 1, extended: 2, unused: 7 }),
            ),
        },
      );
  });

  test('R-I2 (seed KKB000221): a new install takes the Partial before a full license, with its 300 days', () => {
    const steps: Step[] = [
      kes(10),
      kesInstalled('m1'),
      { type: 'Uninstalled', at: day(65), poolId: 'p', machineId: 'm1' },
      kesInstalled('m2', day(70)),
    ];
    const state = ledgerOf(steps);
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toEqual(counts({ applied: 1, unused: 9 }));
    expect(getLicense(state, 'p#1')).toMatchObject({ status: 'applied', machineId: 'm2' });
    // 300 days from day 70 end at day 370: a full license would still run then.
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(advancedTo(state, day(370, -1))))).toEqual(
      counts({ applied: 1, unused: 9 }),
    );
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(advancedTo(state, day(370))))).toEqual(
      counts({ expired: 1, unused: 9 }),
    );
  });

  test('R-I1, R-V4: a pending install holding a Partial is under Pending Installs, not Partial; R-I4 gives it back', () => {
    const steps: Step[] = [
      kes(10),
      kesInstalled('m1'),
      { type: 'Uninstalled', at: day(65), poolId: 'p', machineId: 'm1' },
      { type: 'InstallRequested', at: day(66), poolId: 'p', machineId: 'm2', groupId: 'g1' },
    ];
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerOf(steps)))).toEqual(
      counts({ pendingInstalls: 1, unused: 9 }),
    );
    const failed = ledgerOf([...steps, { type: 'InstallFailed', at: day(67), poolId: 'p', machineId: 'm2' }]);
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(failed))).toEqual(counts({ partial: 1, unused: 9 }));
    expect(getLicense(failed, 'p#1')).toMatchObject({ status: 'partial', daysLeft: 300 });
  });

  test('R-I1: a pending install with no partial left holds a never-used license', () => {
    ledgerSpec
      .given(numbered([kes(10)]))
      .when({ type: 'InstallRequested', at: day(1), poolId: 'p', machineId: 'm1', groupId: 'g1', id: 'when' })
      .then('applied', {
        'R-I1: a pending install with no partial left holds a never-used license': (state) => {
          expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toEqual(
            counts({ pendingInstalls: 1, unused: 9 }),
          );
        },
      });
  });

  describe('extensions', () => {
    const extended: Step[] = [
      kes(10),
      kesInstalled('m1'),
      { type: 'Extended', at: day(10), poolId: 'p', machineId: 'm1', count: 2 },
    ];

    test('R-X1: extending moves licenses from Unused to Extended', () => {
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerOf(extended)))).toEqual(
        counts({ applied: 1, extended: 2, unused: 7 }),
      );
    });

    test('R-X2: each time the applied term ends the next extension takes over; the ended one is Expired', () => {
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(extended, day(365, -1))))).toEqual(
        counts({ applied: 1, extended: 2, unused: 7 }),
      );
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(extended, day(365))))).toEqual(
        counts({ expired: 1, applied: 1, extended: 1, unused: 7 }),
      );
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(extended, day(730))))).toEqual(
        counts({ expired: 2, applied: 1, unused: 7 }),
      );
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(extended, day(1095))))).toEqual(
        counts({ expired: 3, unused: 7 }),
      );
    });

    test('R-X3: returning gives queued extensions back to Unused', () => {
      ledgerSpec
        .given(numbered([...extended]))
        .when({ type: 'Returned', at: day(11), poolId: 'p', machineId: 'm1', id: 'when' })
        .then('applied', {
          'R-X3: returning gives queued extensions back to Unused': (state) => {
            expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toEqual(
              counts({ applied: 1, extended: 1, unused: 8 }),
            );
          },
        });
    });

    test('R-U2: uninstalling gives the queued extensions back to Unused', () => {
      ledgerSpec
        .given(numbered([...extended]))
        .when({ type: 'Uninstalled', at: day(65), poolId: 'p', machineId: 'm1', id: 'when' })
        .then('applied', {
          'R-U2: uninstalling gives the queued extensions back to Unused': (state) => {
            expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toEqual(
              counts({ partial: 1, unused: 9 }),
            );
          },
        });
    });

    test('R-X4: auto-extend applies a never-used license when nothing is queued, and fails when none is left', () => {
      const steps: Step[] = [
        kes(2),
        kesInstalled('m1'),
        { type: 'AutoExtendSet', at: day(1), poolId: 'p', machineId: 'm1', enabled: true },
      ];
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(steps, day(365))))).toEqual(
        counts({ expired: 1, applied: 1 }),
      );
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(steps, day(730))))).toEqual(
        counts({ expired: 2 }),
      );
    });
  });

  describe('deleted agents', () => {
    const deleted: Step[] = [kes(10), kesInstalled('m1'), { type: 'AgentDeleted', at: day(100), machineId: 'm1' }];

    test('R-D1: a license on a deleted agent is still counted as Applied, and does not expire while it waits', () => {
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerOf(deleted)))).toEqual(
        counts({ applied: 1, unused: 9 }),
      );
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(deleted, day(400))))).toEqual(
        counts({ applied: 1, unused: 9 }),
      );
    });

    test('R-D2: RecoveryRun turns it into a Partial with the days it had at deletion', () => {
      ledgerSpec
        .given(numbered([...deleted]))
        .when({ type: 'RecoveryRun', at: day(400), id: 'when' })
        .then('applied', {
          'R-D2: RecoveryRun turns it into a Partial with the days it had at deletion': (state) => {
            expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toEqual(
              counts({ partial: 1, unused: 9 }),
            );
            expect(getLicense(state, 'p#1')).toMatchObject({ status: 'partial', daysLeft: 265 });
          },
        });
    });

    test('R-D2: extensions queued on the deleted agent stay Extended until recovery, then go back to Unused', () => {
      const steps: Step[] = [
        kes(10),
        kesInstalled('m1'),
        { type: 'Extended', at: day(10), poolId: 'p', machineId: 'm1' },
        { type: 'AgentDeleted', at: day(100), machineId: 'm1' },
      ];
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerOf(steps)))).toEqual(
        counts({ applied: 1, extended: 1, unused: 8 }),
      );
      expect(
        E.getOrElseW(() => undefined)(
          installRemoveCounts('p')(ledgerOf([...steps, { type: 'RecoveryRun', at: day(101) }])),
        ),
      ).toEqual(counts({ partial: 1, unused: 9 }));
    });

    test('R-D3: a pending install whose agent is deleted leaves its license as Other', () => {
      ledgerSpec
        .given(
          numbered([kes(10), { type: 'InstallRequested', at: day(1), poolId: 'p', machineId: 'm1', groupId: 'g1' }]),
        )
        .when({ type: 'AgentDeleted', at: day(2), machineId: 'm1', id: 'when' })
        .then('applied', {
          'R-D3: a pending install whose agent is deleted leaves its license as Other': (state) => {
            expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toEqual(
              counts({ other: 1, unused: 9 }),
            );
          },
        });
    });

    test('R-D4: Clean Database releases KES as Partial and seats to Unused, but not KAV', () => {
      const steps: Step[] = [
        kes(10),
        { type: 'LicensePurchased', at: day(0), poolId: 'budr', module: 'BUDR', quantity: 5 },
        { type: 'LicensePurchased', at: day(0), poolId: 'kav', module: 'KAV', quantity: 5 },
        kesInstalled('m1'),
        { type: 'ModuleInstalled', at: day(0), poolId: 'budr', machineId: 'm1', groupId: 'g1' },
        { type: 'ModuleInstalled', at: day(0), poolId: 'kav', machineId: 'm1', groupId: 'g1' },
        { type: 'AgentDeleted', at: day(50), machineId: 'm1' },
      ];
      const before = ledgerOf(steps);
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('budr')(before))).toEqual(
        counts({ applied: 1, unused: 4 }),
      );
      const after = ledgerOf([...steps, { type: 'CleanDatabaseRun', at: day(51) }]);
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(after))).toEqual(counts({ partial: 1, unused: 9 }));
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('budr')(after))).toEqual(counts({ unused: 5 }));
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('kav')(after))).toEqual(
        counts({ applied: 1, unused: 4 }),
      );
    });
  });

  test('R-O1, R-O2: a license marked Other is under Other until support resolves it', () => {
    const steps: Step[] = [
      kes(10),
      kesInstalled('m1'),
      { type: 'LicenseMarkedOther', at: day(10), poolId: 'p', machineId: 'm1', reason: 'orphaned' },
    ];
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerOf(steps)))).toEqual(
      counts({ other: 1, unused: 9 }),
    );
    const resolve = (resolution: 'partial' | 'unused' | 'expired') =>
      E.getOrElseW(() => undefined)(
        installRemoveCounts('p')(
          ledgerOf([...steps, { type: 'OtherResolved', at: day(11), poolId: 'p', licenseId: 'p#1', resolution }]),
        ),
      );
    expect(resolve('partial')).toEqual(counts({ partial: 1, unused: 9 }));
    expect(resolve('unused')).toEqual(counts({ unused: 10 }));
    expect(resolve('expired')).toEqual(counts({ expired: 1, unused: 9 }));
  });

  test('R-U3: the end user removing the antivirus changes no count; the license keeps counting down', () => {
    const steps: Step[] = [kes(10), kesInstalled('m1'), { type: 'AvUninstalledByUser', at: day(10), machineId: 'm1' }];
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerOf(steps)))).toEqual(
      counts({ applied: 1, unused: 9 }),
    );
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(steps, day(365))))).toEqual(
      counts({ expired: 1, unused: 9 }),
    );
  });

  test('R-T5: the term is the purchase’s: a 30-day license is Expired after 30 days', () => {
    const steps: Step[] = [kes(1, { termDays: 30 }), kesInstalled('m1')];
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(steps, day(30, -1))))).toEqual(
      counts({ applied: 1 }),
    );
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(ledgerAt(steps, day(30))))).toEqual(
      counts({ expired: 1 }),
    );
  });

  test('R-I5, R-L3: an install with no license left is rejected and changes no count', () => {
    const result = replay({ mode: 'lenient' })(numbered([kes(1), kesInstalled('m1'), kesInstalled('m2', day(1))]));
    expect(result.problems).toEqual([expect.objectContaining({ eventId: 'e3', rule: 'R-I5' })]);
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(result.state))).toEqual(counts({ applied: 1 }));
  });
});
