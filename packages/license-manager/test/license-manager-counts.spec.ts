import * as E from 'fp-ts/Either';
import { type Instant, instant, listPools, type LedgerState } from '@license-ledger/core';
import { explainInstallRemove, installRemoveCounts } from '@license-ledger/install-remove';
import { explainUsed } from '../src/explain-used';
import { licenseManagerCounts } from '../src/license-manager-counts';
import { day, ledgerAt, ledgerOf, ledgerSpec, numbered, type Step } from '@license-ledger/testing';

const kes = (quantity: number, when = day(0)): Step => ({
  type: 'LicensePurchased',
  at: when,
  poolId: 'p',
  module: 'KES',
  quantity,
});
const kesInstalled = (machineId: string, groupId = 'g1', when = day(0)): Step => ({
  type: 'KesInstalled',
  at: when,
  poolId: 'p',
  machineId,
  groupId,
});

describe('licenseManagerCounts', () => {
  test('R-P1: Max is every license purchased into the pool; a pool never purchased has no numbers', () => {
    ledgerSpec
      .given(numbered([kes(10)]))
      .when({ ...kes(5, day(30)), id: 'when' })
      .then('applied', {
        'R-P1: Max is every license purchased into the pool; a pool never purchased has no numbers': (state) => {
          expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))).toEqual({
            used: 0,
            max: 15,
            groups: [],
          });
          expect(licenseManagerCounts('nope')(state)).toEqual(
            E.left({ kind: 'unknown-pool', poolId: 'nope', message: 'no pool "nope" was purchased' }),
          );
        },
      });
  });

  test('R-V2 (seed KKB000221): extended and pending installs are not in Used', () => {
    ledgerSpec
      .given(
        numbered([
          kes(10),
          kesInstalled('m1'),
          { type: 'Extended', at: day(1), poolId: 'p', machineId: 'm1', count: 2 },
        ]),
      )
      .when({ type: 'InstallRequested', at: day(2), poolId: 'p', machineId: 'm2', groupId: 'g1', id: 'when' })
      .then('applied', {
        'R-V2 (seed KKB000221): extended and pending installs are not in Used': (state) => {
          expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toMatchObject({
            applied: 1,
            extended: 2,
            pendingInstalls: 1,
          });
          expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))).toMatchObject({ used: 1, max: 10 });
        },
      });
  });

  test('R-V2 (seed KKB000221): Used counts every license used to date: applied, expired, partial and other', () => {
    const steps: Step[] = [
      // m4 checks in a day later, so its license still runs at day 365.
      kes(10),
      kesInstalled('m1'),
      kesInstalled('m2'),
      kesInstalled('m3'),
      kesInstalled('m4', 'g1', day(1)),
      { type: 'Uninstalled', at: day(65), poolId: 'p', machineId: 'm2' },
      { type: 'LicenseMarkedOther', at: day(70), poolId: 'p', machineId: 'm3', reason: 'orphaned' },
    ];
    const state = ledgerAt(steps, day(365));
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toMatchObject({
      applied: 1,
      expired: 1,
      partial: 1,
      other: 1,
    });
    expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))).toMatchObject({ used: 4, max: 10 });
  });

  test('R-V4: a partial reserved by a pending install stays in Used; a never-used one reserved does not enter it', () => {
    const steps: Step[] = [
      kes(10),
      kesInstalled('m1'),
      { type: 'Uninstalled', at: day(65), poolId: 'p', machineId: 'm1' },
    ];
    const usedOf = (state: LedgerState) => E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))?.used;
    const takesPartial: Step = { type: 'InstallRequested', at: day(66), poolId: 'p', machineId: 'm2', groupId: 'g1' };
    const takesUnused: Step = { type: 'InstallRequested', at: day(67), poolId: 'p', machineId: 'm3', groupId: 'g1' };
    expect(usedOf(ledgerOf(steps))).toBe(1);
    ledgerSpec
      .given(numbered(steps))
      .when({ ...takesPartial, id: 'w1' })
      .then('applied', { 'R-V4: the partial m2 reserves stays in Used': (after) => usedOf(after) === 1 });
    ledgerSpec
      .given(numbered([...steps, takesPartial]))
      .when({ ...takesUnused, id: 'w2' })
      .then('applied', {
        'R-V4: the never-used license m3 reserves does not enter Used': (after) => usedOf(after) === 1,
      });
    const pending = ledgerSpec.given(numbered([...steps, takesPartial, takesUnused]));
    pending.when({ type: 'InstallFailed', id: 'w3', at: day(68), poolId: 'p', machineId: 'm2' }).then('applied', {
      'R-I4: the partial m2 gives back is Used as before': (after) => usedOf(after) === 1,
    });
    pending
      .when({ type: 'KesInstalled', id: 'w4', at: day(68), poolId: 'p', machineId: 'm3', groupId: 'g1' })
      .then('applied', { 'R-V2: the license m3 checks in with is Used now': (after) => usedOf(after) === 2 });
  });

  test('R-D1, R-D2: a license waiting for recovery is Used, and stays Used as a Partial after RecoveryRun', () => {
    const steps: Step[] = [kes(10), kesInstalled('m1'), { type: 'AgentDeleted', at: day(100), machineId: 'm1' }];
    expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(ledgerOf(steps)))).toEqual({
      used: 1,
      max: 10,
      groups: [],
    });
    expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(ledgerAt(steps, day(400))))).toEqual({
      used: 1,
      max: 10,
      groups: [],
    });
    expect(
      E.getOrElseW(() => undefined)(
        licenseManagerCounts('p')(ledgerOf([...steps, { type: 'RecoveryRun', at: day(400) }])),
      ),
    ).toEqual({ used: 1, max: 10, groups: [] });
  });

  describe('per-group breakdown', () => {
    const spread: Step[] = [
      kes(10),
      kesInstalled('m1', 'g1'),
      kesInstalled('m2', 'g1'),
      kesInstalled('m3', 'g2'),
      { type: 'Extended', at: day(1), poolId: 'p', machineId: 'm1', count: 2 },
    ];

    test('R-V3 (seed KKB000221): counts machines, not licenses, sorted by group', () => {
      expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(ledgerOf(spread)))).toEqual({
        used: 3,
        max: 10,
        groups: [
          { groupId: 'g1', machines: 2 },
          { groupId: 'g2', machines: 1 },
        ],
      });
    });

    test('R-V3: a machine whose license expired is still counted; one whose extension took over is counted once', () => {
      expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(ledgerAt(spread, day(400))))).toEqual({
        used: 4,
        max: 10,
        groups: [
          { groupId: 'g1', machines: 2 },
          { groupId: 'g2', machines: 1 },
        ],
      });
    });

    test('R-V3: uninstalled machines, deleted agents, machines whose license went Other and pending installs are not counted', () => {
      ledgerSpec
        .given(
          numbered([
            ...spread,
            kesInstalled('m4', 'g2', day(2)),
            kesInstalled('m5', 'g3', day(2)),
            { type: 'Uninstalled', at: day(3), poolId: 'p', machineId: 'm2' },
            { type: 'AgentDeleted', at: day(3), machineId: 'm3' },
            { type: 'LicenseMarkedOther', at: day(3), poolId: 'p', machineId: 'm5', reason: 'orphaned' },
          ]),
        )
        .when({ type: 'InstallRequested', at: day(4), poolId: 'p', machineId: 'm6', groupId: 'g3', id: 'when' })
        .then('applied', {
          'R-V3: uninstalled machines, deleted agents, machines whose license went Other and pending installs are not counted':
            (state) => {
              expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))?.groups).toEqual([
                { groupId: 'g1', machines: 1 },
                { groupId: 'g2', machines: 1 },
              ]);
            },
        });
    });

    test('R-V3: each pool counts the machines with its own module', () => {
      ledgerSpec
        .given(
          numbered([...spread, { type: 'LicensePurchased', at: day(2), poolId: 'budr', module: 'BUDR', quantity: 5 }]),
        )
        .when({ type: 'ModuleInstalled', at: day(2), poolId: 'budr', machineId: 'm3', groupId: 'g2', id: 'when' })
        .then('applied', {
          'R-V3: each pool counts the machines with its own module': (state) => {
            expect(E.getOrElseW(() => undefined)(licenseManagerCounts('budr')(state))).toEqual({
              used: 1,
              max: 5,
              groups: [{ groupId: 'g2', machines: 1 }],
            });
          },
        });
    });

    test('R-V3: a machine is counted in the group it is in now', () => {
      ledgerSpec
        .given(
          numbered([...spread, { type: 'LicensePurchased', at: day(2), poolId: 'budr', module: 'BUDR', quantity: 5 }]),
        )
        .when({ type: 'ModuleInstalled', at: day(2), poolId: 'budr', machineId: 'm1', groupId: 'g2', id: 'when' })
        .then('applied', {
          'R-V3: a machine is counted in the group it is in now': (state) => {
            expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))?.groups).toEqual([
              { groupId: 'g1', machines: 1 },
              { groupId: 'g2', machines: 2 },
            ]);
          },
        });
    });

    test('R-V3: a machine whose new install request names another group is counted in the new group', () => {
      ledgerSpec
        .given(
          numbered([
            kes(2),
            kesInstalled('m1', 'g1'),
            { type: 'InstallRequested', at: day(365), poolId: 'p', machineId: 'm1', groupId: 'g2' },
          ]),
        )
        .when({ ...kesInstalled('m1', 'g2', day(366)), id: 'when' })
        .then('applied', {
          'R-V3: a machine whose new install request names another group is counted in the new group': (state) => {
            expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))?.groups).toEqual([
              { groupId: 'g2', machines: 1 },
            ]);
          },
        });
    });

    // Regression: the license take used to write back a pool read before the group move.
    test('R-V3: a machine re-installed without a request, after its license expired, in another group, is counted in the new group', () => {
      ledgerSpec
        .given(numbered([kes(2), kesInstalled('m1', 'g1')]))
        .when({ ...kesInstalled('m1', 'g2', day(365)), id: 'when' })
        .then('applied', {
          'R-V3: a machine re-installed without a request, after its license expired, in another group, is counted in the new group':
            (state) => {
              expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))?.groups).toEqual([
                { groupId: 'g2', machines: 1 },
              ]);
            },
        });
    });

    test('R-D5: a deleted agent’s id installed again is a new machine, counted once in its new group', () => {
      ledgerSpec
        .given(numbered([...spread, { type: 'AgentDeleted', at: day(2), machineId: 'm3' }]))
        .when({ ...kesInstalled('m3', 'g3', day(3)), id: 'when' })
        .then('applied', {
          'R-D5: a deleted agent’s id installed again is a new machine, counted once in its new group': (state) => {
            expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))?.groups).toEqual([
              { groupId: 'g1', machines: 2 },
              { groupId: 'g3', machines: 1 },
            ]);
          },
        });
    });
  });

  describe('R-V4 conservation', () => {
    /**
     * 30-day KES terms so a few months cover every time-driven change (worked by hand):
     * d0 m1 (g1) p#1, m2 (g1) p#2 check in; m3 (g2) requests p#3. d1 m1 extended by 2 (p#4, p#5);
     * auto-extend on for m2. d2 m3 checks in p#3 (ends d32). d5 seats: BUDR on m1, m2, m3; KAV on m2.
     * d10 m3 uninstalls KES: p#3 Partial, 22 days. d12 m2's agent deleted: p#2 held with 18 days, its
     * BUDR and KAV held. d15 m4 (g2) requests: takes p#3. d20 m3's BUDR marked Other. d30 p#1 ends,
     * p#4 takes over (ends d60). d31 RecoveryRun: p#2 Partial, 18 days. d33 Clean Database: m2's
     * BUDR back to Unused, KAV kept. d35 m4's agent deleted: p#3 Other (R-D3). d36 p#3 resolved to
     * Partial. d40 m5 (g3) checks in: takes p#2, the earlier partial (ends d58). d45 m1 returns one:
     * p#5 Unused. d46 auto-extend on for m5. d58 p#2 ends, auto-extend applies p#5 (ends d88). d60
     * p#4 ends on m1, nothing queued: Expired. d70 two more KES (p#7, p#8). d88, d118, d148 auto-extend
     * applies p#6, p#7, p#8; d178 p#8 ends with nothing left: Expired.
     */
    const kes30 = (quantity: number, when: Instant): Step => ({
      type: 'LicensePurchased',
      at: when,
      poolId: 'p',
      module: 'KES',
      quantity,
      termDays: 30,
    });
    const seat = (poolId: string, machineId: string, groupId: string): Step => ({
      type: 'ModuleInstalled',
      at: day(5),
      poolId,
      machineId,
      groupId,
    });
    const year: Step[] = [
      kes30(6, day(0)),
      { type: 'LicensePurchased', at: day(0), poolId: 'budr', module: 'BUDR', quantity: 3 },
      { type: 'LicensePurchased', at: day(0), poolId: 'kav', module: 'KAV', quantity: 2 },
      kesInstalled('m1', 'g1'),
      kesInstalled('m2', 'g1'),
      { type: 'InstallRequested', at: day(0), poolId: 'p', machineId: 'm3', groupId: 'g2' },
      { type: 'Extended', at: day(1), poolId: 'p', machineId: 'm1', count: 2 },
      { type: 'AutoExtendSet', at: day(1), poolId: 'p', machineId: 'm2', enabled: true },
      kesInstalled('m3', 'g2', day(2)),
      seat('budr', 'm1', 'g1'),
      seat('budr', 'm2', 'g1'),
      seat('kav', 'm2', 'g1'),
      seat('budr', 'm3', 'g2'),
      { type: 'Uninstalled', at: day(10), poolId: 'p', machineId: 'm3' },
      { type: 'AgentDeleted', at: day(12), machineId: 'm2' },
      { type: 'InstallRequested', at: day(15), poolId: 'p', machineId: 'm4', groupId: 'g2' },
      { type: 'LicenseMarkedOther', at: day(20), poolId: 'budr', machineId: 'm3', reason: 'orphaned' },
      { type: 'RecoveryRun', at: day(31) },
      { type: 'CleanDatabaseRun', at: day(33) },
      { type: 'AgentDeleted', at: day(35), machineId: 'm4' },
      { type: 'OtherResolved', at: day(36), poolId: 'p', licenseId: 'p#3', resolution: 'partial' },
      kesInstalled('m5', 'g3', day(40)),
      { type: 'Returned', at: day(45), poolId: 'p', machineId: 'm1' },
      { type: 'AutoExtendSet', at: day(46), poolId: 'p', machineId: 'm5', enabled: true },
      kes30(2, day(70)),
    ];

    /**
     * R-V4 from the two views alone: a pending install holding a partial is the one
     * license both in Used and in Pending Installs.
     */
    const conservation = (state: LedgerState, poolId: string) => {
      const popup = E.getOrElseW(() => undefined)(installRemoveCounts(poolId)(state));
      const manager = E.getOrElseW(() => undefined)(licenseManagerCounts(poolId)(state));
      if (popup === undefined || manager === undefined) throw new Error(`no pool ${poolId}`);
      const used = new Set(E.getOrElseW((): readonly string[] => [])(explainUsed(poolId)(state)));
      const pendingOnPartial = E.getOrElseW((): readonly string[] => [])(
        explainInstallRemove(poolId, 'pendingInstalls')(state),
      ).filter((id) => used.has(id)).length;
      return {
        max: manager.max,
        sum: popup.unused + manager.used + popup.extended + (popup.pendingInstalls - pendingOnPartial),
      };
    };

    const timeDriven = [30, 32, 58, 60, 88, 118, 148, 178].map((d) => day(d));
    const instants = [...new Set([...year.map((step) => step.at), ...timeDriven].flatMap((t) => [t - 1, t, t + 1]))]
      .filter((t) => t >= day(0))
      .concat([day(200), day(400)])
      .sort((a, b) => a - b)
      .map(instant);

    test('R-V4: Max = Unused + Used + Extended + pending installs on a never-used license, in every pool at every instant', () => {
      for (const when of instants) {
        const state = ledgerAt(year, when);
        for (const pool of listPools(state)) {
          const { max, sum } = conservation(state, pool.poolId);
          expect({ at: new Date(when).toISOString(), pool: pool.poolId, sum }).toEqual({
            at: new Date(when).toISOString(),
            pool: pool.poolId,
            sum: max,
          });
        }
      }
    });

    test('R-V2, R-V3: the year ends as worked out by hand', () => {
      const state = ledgerAt(year, day(200));
      expect(E.getOrElseW(() => undefined)(installRemoveCounts('p')(state))).toEqual({
        expired: 7,
        applied: 0,
        partial: 1,
        pendingInstalls: 0,
        extended: 0,
        other: 0,
        unused: 0,
      });
      expect(E.getOrElseW(() => undefined)(licenseManagerCounts('p')(state))).toEqual({
        used: 8,
        max: 8,
        groups: [
          { groupId: 'g1', machines: 1 },
          { groupId: 'g3', machines: 1 },
        ],
      });
      expect(E.getOrElseW(() => undefined)(licenseManagerCounts('budr')(state))).toEqual({
        used: 2,
        max: 3,
        groups: [{ groupId: 'g1', machines: 1 }],
      });
      expect(E.getOrElseW(() => undefined)(licenseManagerCounts('kav')(state))).toEqual({
        used: 1,
        max: 2,
        groups: [],
      });
    });

    test('R-X2, R-X4: the takeovers happen on the days worked out by hand', () => {
      const applied = (d: number) =>
        E.getOrElseW((): readonly string[] => [])(explainInstallRemove('p', 'applied')(ledgerAt(year, day(d))));
      expect(applied(29)).toEqual(['p#1', 'p#2']); // p#2 is held on deleted m2 (R-D1)
      expect(applied(30)).toEqual(['p#2', 'p#4']);
      expect(applied(41)).toEqual(['p#2', 'p#4']); // p#2 now on m5
      expect(applied(58)).toEqual(['p#4', 'p#5']);
      expect(applied(60)).toEqual(['p#5']);
      expect(applied(88)).toEqual(['p#6']);
      expect(applied(148)).toEqual(['p#8']);
      expect(applied(178)).toEqual([]);
    });
  });
});
