import { getMachine, getPool } from '../../../src/index';
import { emptyMap, mapEntries } from '../../../src/internal';
import { countsOf, license, replayAll } from '../../support/state';
import { eventBuilder, instantOf, ledgerSpec, replayedClean } from '@license-ledger/testing';

const emptyGroups = emptyMap<number>();

const purchase = (e: ReturnType<typeof eventBuilder>, quantity = 3) =>
  e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity });

/** KES from pool `kes` installed on `machineId` (group `hq`) at `iso`. */
const kesInstalled = (e: ReturnType<typeof eventBuilder>, iso: string, machineId: string) =>
  e('KesInstalled', iso, { poolId: 'kes', machineId, groupId: 'hq' });

const uninstalled = (e: ReturnType<typeof eventBuilder>, iso: string, machineId: string) =>
  e('Uninstalled', iso, { poolId: 'kes', machineId });

describe('installRequested', () => {
  test('R-I1: an install request makes a Pending Install and reserves one never-used license', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([purchase(e)])
      .when(e('InstallRequested', '2025-01-02T08:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }))
      .then('applied', {
        'R-I1: an install request makes a Pending Install and reserves one never-used license': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({
            status: 'reserved',
            machineId: 'ws-1',
            reservedFrom: 'unused',
          });
          expect(countsOf(state, 'kes')).toMatchObject({ reservedFromUnused: 1, unused: 2, applied: 0 });
          expect(getMachine(state, 'ws-1')?.installs).toEqual([
            expect.objectContaining({ poolId: 'kes', status: 'pending', licenseId: 'kes#1' }),
          ]);
        },
      });
  });

  test('R-I2: a new install takes a Partial license before any full one', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([purchase(e), kesInstalled(e, '2025-01-02T00:00:00Z', 'a'), uninstalled(e, '2025-03-08T00:00:00Z', 'a')])
      .when(e('InstallRequested', '2025-03-09T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }))
      .then('applied', {
        'R-I2: a new install takes a Partial license before any full one': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({
            status: 'reserved',
            machineId: 'b',
            reservedFrom: 'partial',
            daysLeft: 365 - 65,
          });
          expect(countsOf(state, 'kes')).toMatchObject({ partial: 0, reservedFromPartial: 1, unused: 2 });
        },
      });
  });

  test('R-I2: among partials, the one that became partial earliest goes first', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e),
        kesInstalled(e, '2025-01-02T00:00:00Z', 'a'),
        kesInstalled(e, '2025-01-02T00:00:00Z', 'b'),
        uninstalled(e, '2025-02-01T00:00:00Z', 'b'),
        uninstalled(e, '2025-03-01T00:00:00Z', 'a'),
      ])
      .when(kesInstalled(e, '2025-03-02T00:00:00Z', 'c'))
      .then('applied', {
        'R-I2: among partials, the one that became partial earliest goes first': (state) => {
          // kes#2 (b) became partial on 02-01, before kes#1 (a) on 03-01.
          expect(license(state, 'kes#2')).toMatchObject({ status: 'applied', machineId: 'c' });
          expect(license(state, 'kes#1')).toMatchObject({ status: 'partial' });
        },
      });
  });

  test('R-I2: partials made by one RecoveryRun go out in the order their agents were deleted', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e),
        kesInstalled(e, '2025-01-02T00:00:00Z', 'a'),
        kesInstalled(e, '2025-01-02T00:00:00Z', 'b'),
        e('AgentDeleted', '2025-02-01T00:00:00Z', { machineId: 'b' }),
        e('AgentDeleted', '2025-02-02T00:00:00Z', { machineId: 'a' }),
        e('RecoveryRun', '2025-02-03T00:00:00Z', {}),
      ])
      .when(kesInstalled(e, '2025-02-04T00:00:00Z', 'c'))
      .then('applied', {
        'R-I2: partials made by one RecoveryRun go out in the order their agents were deleted': (state) => {
          expect(license(state, 'kes#2')).toMatchObject({ status: 'applied', machineId: 'c', daysLeft: 365 - 30 });
          expect(license(state, 'kes#1')).toMatchObject({ status: 'partial', daysLeft: 365 - 31 });
        },
      });
  });

  test('R-I2: at the same instant, partials go in the order of the events that made them (an uninstall before a recovery run)', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e),
        kesInstalled(e, '2025-01-02T00:00:00Z', 'a'),
        kesInstalled(e, '2025-01-02T00:00:00Z', 'b'),
        e('AgentDeleted', '2025-02-01T00:00:00Z', { machineId: 'b' }),
        uninstalled(e, '2025-03-01T00:00:00Z', 'a'),
        e('RecoveryRun', '2025-03-01T00:00:00Z', {}),
      ])
      .when(e('InstallRequested', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'c', groupId: 'hq' }))
      .then('applied', {
        'R-I2: at the same instant, partials go in the order of the events that made them (an uninstall before a recovery run)':
          (state) => {
            // kes#1 (a) became partial by the uninstall, logged before the run that made kes#2 (b) partial.
            expect(license(state, 'kes#1')).toMatchObject({ status: 'reserved', machineId: 'c' });
            expect(license(state, 'kes#2').status).toBe('partial');
          },
      });
  });

  test('R-I5: an install request with no license left is rejected and changes nothing', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e, 1),
        e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
      ])
      .when(e('InstallRequested', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }))
      .then(
        { rejectedBy: 'R-I5' },
        {
          'R-I5: an install request with no license left is rejected and changes nothing': (after) => {
            expect(getMachine(after, 'b')).toBeUndefined();
            expect(countsOf(after, 'kes')).toMatchObject({ reservedFromUnused: 1, unused: 0 });
          },
        },
      );
  });

  test('R-P1: an install from a pool never purchased is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([])
      .when(e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'nope', machineId: 'a', groupId: 'hq' }))
      .then({ rejectedBy: 'R-P1' }, {});
  });

  test('R-I1: a second request while one is pending is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e),
        e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
      ])
      .when(e('InstallRequested', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }))
      .then(
        { rejectedBy: 'R-I1' },
        {
          'R-I1: a second request while one is pending is rejected': (after) => {
            expect(countsOf(after, 'kes').reservedFromUnused).toBe(1);
          },
        },
      );
  });
});

describe('kesInstalled', () => {
  test('R-I3: the countdown starts at installedAt, not at the check-in', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e),
        e('InstallRequested', '2025-01-02T08:00:00Z', { poolId: 'kes', machineId: 'ws-001', groupId: 'hq' }),
      ])
      .when(
        e('KesInstalled', '2025-01-02T09:10:00Z', {
          poolId: 'kes',
          machineId: 'ws-001',
          groupId: 'hq',
          installedAt: instantOf('2025-01-02T08:30:00Z'),
        }),
      )
      .then('applied', {
        'R-I3: the countdown starts at installedAt, not at the check-in': (state) => {
          const applied = license(state, 'kes#1');
          expect(new Date(applied.startAt ?? 0).toISOString()).toBe('2025-01-02T08:30:00.000Z');
          expect(new Date(applied.endAt ?? 0).toISOString()).toBe('2026-01-02T08:30:00.000Z');
          expect(countsOf(state, 'kes')).toMatchObject({ applied: 1, reservedFromUnused: 0 });
        },
      });
  });

  test('R-I3: a KesInstalled with no pending request takes a license by R-I2 at that moment', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([purchase(e)])
      .when(kesInstalled(e, '2025-01-02T00:00:00Z', 'a'))
      .then('applied', {
        'R-I3: a KesInstalled with no pending request takes a license by R-I2 at that moment': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({ status: 'applied', machineId: 'a', daysLeft: 365 });
        },
      });
  });

  test('R-L3: KesInstalled on a pool whose module is not KES is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 2 })])
      .when(e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'budr', machineId: 'a', groupId: 'hq' }))
      .then({ rejectedBy: 'R-L3' }, {});
  });

  test('R-L3: an install where the module already runs a license is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([purchase(e), kesInstalled(e, '2025-01-02T00:00:00Z', 'a')])
      .when(kesInstalled(e, '2025-01-03T00:00:00Z', 'a'))
      .then(
        { rejectedBy: 'R-L3' },
        {
          'R-L3: an install where the module already runs a license is rejected': (after) => {
            expect(countsOf(after, 'kes')).toMatchObject({ applied: 1, unused: 2 });
          },
        },
      );
  });

  test('R-L3: a machine whose license expired may install again, taking a new license', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([purchase(e), kesInstalled(e, '2025-01-02T00:00:00Z', 'a')])
      .when(kesInstalled(e, '2026-02-01T00:00:00Z', 'a'))
      .then('applied', {
        'R-L3: a machine whose license expired may install again, taking a new license': (state) => {
          expect(license(state, 'kes#1').status).toBe('expired');
          expect(license(state, 'kes#2')).toMatchObject({ status: 'applied', machineId: 'a' });
        },
      });
  });
  test('R-L3: a KES install while KES from another pool runs on the machine is rejected (one KES per machine)', () => {
    const e = eventBuilder();
    const result = replayAll([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-a', module: 'KES', quantity: 1 }),
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-b', module: 'KES', quantity: 1 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes-a', machineId: 'ws-1', groupId: 'hq' }),
      e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes-b', machineId: 'ws-1', groupId: 'hq' }),
      e('InstallRequested', '2025-01-04T00:00:00Z', { poolId: 'kes-b', machineId: 'ws-1', groupId: 'hq' }),
    ]);
    expect(result.problems.map((p) => [p.eventId, p.rule])).toEqual([
      ['e4', 'R-L3'],
      ['e5', 'R-L3'],
    ]);
    expect(countsOf(result.state, 'kes-b')).toMatchObject({ applied: 0, unused: 1 });
  });

  test('R-L3: after its KES license expired, a machine may take KES from another pool, which replaces the expired install (R-V3)', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-a', module: 'KES', quantity: 1 }),
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-b', module: 'KES', quantity: 1 }),
        e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes-a', machineId: 'ws-1', groupId: 'hq' }),
      ])
      .when(e('KesInstalled', '2026-02-01T00:00:00Z', { poolId: 'kes-b', machineId: 'ws-1', groupId: 'hq' }))
      .then('applied', {
        'R-L3: after its KES license expired, a machine may take KES from another pool, which replaces the expired install (R-V3)':
          (state) => {
            expect(getMachine(state, 'ws-1')?.installs.map((i) => [i.poolId, i.licenseId])).toEqual([
              ['kes-b', 'kes-b#1'],
            ]);
            expect(license(state, 'kes-a#1').status).toBe('expired');
            expect(getPool(state, 'kes-a')?.groups.size).toBe(0);
            expect(getPool(state, 'kes-b')?.groups.size).toBe(1);
          },
      });
  });

  test('R-I1 Decision: a pool of any module may have pending installs; a check-in from another pool than the request named is rejected', () => {
    const e = eventBuilder();
    const result = replayAll([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr-a', module: 'BUDR', quantity: 1 }),
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr-b', module: 'BUDR', quantity: 1 }),
      e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'budr-a', machineId: 'ws-1', groupId: 'hq' }),
      e('ModuleInstalled', '2025-01-03T00:00:00Z', { poolId: 'budr-b', machineId: 'ws-1', groupId: 'hq' }),
      e('ModuleInstalled', '2025-01-04T00:00:00Z', { poolId: 'budr-a', machineId: 'ws-1', groupId: 'hq' }),
    ]);
    expect(result.problems).toEqual([expect.objectContaining({ eventId: 'e4', rule: 'R-I1' })]);
    expect(license(result.state, 'budr-a#1')).toMatchObject({ status: 'applied', machineId: 'ws-1' });
    expect(license(result.state, 'budr-b#1').status).toBe('unused');
  });

  test('R-I1: a KES install pending from one pool blocks a KES check-in from another pool', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-a', module: 'KES', quantity: 1 }),
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-b', module: 'KES', quantity: 1 }),
        e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'kes-a', machineId: 'ws-1', groupId: 'hq' }),
      ])
      .when(e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes-b', machineId: 'ws-1', groupId: 'hq' }))
      .then({ rejectedBy: 'R-I1' }, {});
  });
});

describe('moduleInstalled', () => {
  test('R-P2: a seat module license runs with no term and never expires', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 2 }),
        e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'budr', machineId: 'a', groupId: 'hq' }),
      ])
      .when(e('RecoveryRun', '2030-01-01T00:00:00Z', {}))
      .then('applied', {
        'R-P2: a seat module license runs with no term and never expires': (state) => {
          expect(license(state, 'budr#1')).toMatchObject({ status: 'applied', endAt: null, daysLeft: null });
        },
      });
  });

  test('R-L3: ModuleInstalled on a KES pool is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([purchase(e)])
      .when(e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }))
      .then({ rejectedBy: 'R-L3' }, {});
  });
});

describe('installFailed', () => {
  test('R-I4: a failed install gives its never-used license back to Unused', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e),
        e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
        e('InstallFailed', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'a' }),
      ])
      .when(e('InstallRequested', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }))
      .then('applied', {
        'R-I4: a failed install gives its never-used license back to Unused': (state) => {
          expect(countsOf(state, 'kes')).toMatchObject({ unused: 2, reservedFromUnused: 1 });
          // P3: the lowest-numbered never-used license is taken again.
          expect(license(state, 'kes#1')).toMatchObject({ status: 'reserved', machineId: 'b' });
        },
      });
  });

  test('R-I4: a partial given back keeps its days and its place in line (R-I2)', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e),
        kesInstalled(e, '2025-01-02T00:00:00Z', 'a'),
        kesInstalled(e, '2025-01-02T00:00:00Z', 'b'),
        uninstalled(e, '2025-02-01T00:00:00Z', 'a'),
        uninstalled(e, '2025-03-01T00:00:00Z', 'b'),
        e('InstallRequested', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'c', groupId: 'hq' }),
        e('InstallFailed', '2025-03-03T00:00:00Z', { poolId: 'kes', machineId: 'c' }),
      ])
      .when(kesInstalled(e, '2025-03-04T00:00:00Z', 'd'))
      .then('applied', {
        'R-I4: a partial given back keeps its days and its place in line (R-I2)': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({ status: 'applied', machineId: 'd', daysLeft: 365 - 30 });
          expect(license(state, 'kes#2')).toMatchObject({ status: 'partial', daysLeft: 365 - 58 });
        },
      });
  });

  test('R-I4: InstallFailed with no pending install is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([purchase(e), kesInstalled(e, '2025-01-02T00:00:00Z', 'a')])
      .when(e('InstallFailed', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'a' }))
      .then({ rejectedBy: 'R-I4' }, {});
  });

  test('R-L3: InstallFailed naming an unknown machine is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([purchase(e)])
      .when(e('InstallFailed', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ghost' }))
      .then({ rejectedBy: 'R-L3' }, {});
  });
});

describe('installFailed (reinstall over an expired install)', () => {
  const reinstall = (e: ReturnType<typeof eventBuilder>) => [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1, termDays: 10 }),
    kesInstalled(e, '2025-01-01T00:00:00Z', 'a'),
    e('AutoExtendSet', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }),
    e('LicensePurchased', '2025-02-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1 }),
    e('InstallRequested', '2025-02-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
  ];

  test('R-V3 Decision: a machine belongs to the group named by its latest install event, in every pool it counts in', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        purchase(e),
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 1 }),
        e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
      ])
      .when(e('ModuleInstalled', '2025-01-03T00:00:00Z', { poolId: 'budr', machineId: 'ws-1', groupId: 'branch' }))
      .then('applied', {
        'R-V3 Decision: a machine belongs to the group named by its latest install event, in every pool it counts in': (
          state,
        ) => {
          const groups = (poolId: string) => [...mapEntries(getPool(state, poolId)?.groups ?? emptyGroups)];
          expect(getMachine(state, 'ws-1')?.groupId).toBe('branch');
          expect(groups('kes')).toEqual([['branch', 1]]);
          expect(groups('budr')).toEqual([['branch', 1]]);
        },
      });
  });

  test('R-V3: while a reinstall is pending, the machine keeps its expired install and its place in the group', () => {
    const state = replayedClean(reinstall(eventBuilder()));
    expect(getPool(state, 'kes')?.groups.size).toBe(1);
    expect(getMachine(state, 'a')?.installs).toEqual([
      expect.objectContaining({
        status: 'pending',
        licenseId: 'kes#2',
        replaces: expect.objectContaining({ status: 'installed', licenseId: 'kes#1' }) as unknown,
      }),
    ]);
  });

  test('R-I4: a failed reinstall gives the machine back its expired install, auto-extend setting included', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...reinstall(e)])
      .when(e('InstallFailed', '2025-02-03T00:00:00Z', { poolId: 'kes', machineId: 'a' }))
      .then('applied', {
        'R-I4: a failed reinstall gives the machine back its expired install, auto-extend setting included': (
          state,
        ) => {
          expect(getMachine(state, 'a')?.installs).toEqual([
            expect.objectContaining({ status: 'installed', licenseId: 'kes#1', autoExtend: true }),
          ]);
          expect(getPool(state, 'kes')?.groups.size).toBe(1);
          expect(countsOf(state, 'kes')).toMatchObject({ expired: 1, unused: 1, reservedFromUnused: 0 });
        },
      });
  });

  test('R-I3: a completed reinstall replaces the expired install; the machine counts once in its group', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...reinstall(e)])
      .when(kesInstalled(e, '2025-02-03T00:00:00Z', 'a'))
      .then('applied', {
        'R-I3: a completed reinstall replaces the expired install; the machine counts once in its group': (state) => {
          expect(getMachine(state, 'a')?.installs).toEqual([
            expect.objectContaining({ status: 'installed', licenseId: 'kes#2', replaces: null }),
          ]);
          expect([...mapEntries(getPool(state, 'kes')!.groups)]).toEqual([['hq', 1]]);
        },
      });
  });

  test('R-D3: deleting the agent during a reinstall orphans the reserved license and takes the machine out of its group', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...reinstall(e)])
      .when(e('AgentDeleted', '2025-02-03T00:00:00Z', { machineId: 'a' }))
      .then('applied', {
        'R-D3: deleting the agent during a reinstall orphans the reserved license and takes the machine out of its group':
          (state) => {
            expect(license(state, 'kes#2').status).toBe('other');
            expect(getPool(state, 'kes')?.groups.size).toBe(0);
          },
      });
  });
});
