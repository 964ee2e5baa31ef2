import { getMachine } from '../../../src/index';
import { conserved, countsOf, license, replayAll } from '../../support/state';
import { advancedTo, eventBuilder, ledgerSpec, replayedClean } from '@license-ledger/testing';

const base = (e: ReturnType<typeof eventBuilder>) => [
  e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 5 }),
  e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
];

describe('agentDeleted', () => {
  test('R-D1: deleting an agent keeps its KES license held with the days fixed at deletion (the popup counts held as Applied, R-V1)', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('AgentDeleted', '2025-03-01T12:00:00Z', { machineId: 'a' }))
      .then('applied', {
        'R-D1: deleting an agent keeps its KES license held with the days fixed at deletion (the popup counts held as Applied, R-V1)':
          (state) => {
            expect(license(state, 'kes#1')).toMatchObject({ status: 'held', daysLeft: 365 - 59 });
            expect(countsOf(state, 'kes')).toMatchObject({ held: 1, applied: 0 });
            // No countdown while waiting: a year later it is still held with the same days.
            const later = advancedTo(state, '2026-06-01T00:00:00Z');
            expect(license(later, 'kes#1')).toMatchObject({ status: 'held', daysLeft: 306 });
            expect(conserved(later, 'kes')).toBe(true);
          },
      });
  });

  test('R-D3: a pending install whose agent is deleted leaves its license orphaned as Other', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        ...base(e),
        e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
      ])
      .when(e('AgentDeleted', '2025-01-03T00:00:00Z', { machineId: 'b' }))
      .then('applied', {
        'R-D3: a pending install whose agent is deleted leaves its license orphaned as Other': (state) => {
          expect(license(state, 'kes#2')).toMatchObject({ status: 'other' });
          expect(countsOf(state, 'kes')).toMatchObject({ other: 1, reservedFromUnused: 0 });
          expect(conserved(state, 'kes')).toBe(true);
        },
      });
  });

  test('R-D5: events for a machine id after its agent was deleted start a new machine', () => {
    const e = eventBuilder();
    const result = replayAll([
      ...base(e),
      e('AgentDeleted', '2025-03-01T00:00:00Z', { machineId: 'a' }),
      e('Uninstalled', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'a' }),
      e('KesInstalled', '2025-03-03T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'branch' }),
    ]);
    expect(result.problems).toEqual([expect.objectContaining({ eventId: 'e4', rule: 'R-L3' })]);
    const machine = getMachine(result.state, 'a');
    expect(machine).toMatchObject({ incarnation: 2, groupId: 'branch', deletedAt: null });
    expect(license(result.state, 'kes#2')).toMatchObject({ status: 'applied', machineId: 'a' });
    expect(license(result.state, 'kes#1').status).toBe('held');
  });

  test('R-D5 Decision: every event but an install naming a deleted machine is rejected, and changes nothing', () => {
    const e = eventBuilder();
    const events = [
      ...base(e),
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 1 }),
      e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'budr', machineId: 'a', groupId: 'hq' }),
      e('AgentDeleted', '2025-03-01T00:00:00Z', { machineId: 'a' }),
    ];
    const naming = [
      e('Uninstalled', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'a' }),
      e('InstallFailed', '2025-03-02T00:00:00Z', { poolId: 'budr', machineId: 'a' }),
      e('Extended', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'a' }),
      e('Returned', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'a' }),
      e('AutoExtendSet', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }),
      e('AvUninstalledByUser', '2025-03-02T00:00:00Z', { machineId: 'a' }),
      e('AgentDeleted', '2025-03-02T00:00:00Z', { machineId: 'a' }),
      e('LicenseMarkedOther', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'a', reason: 'gone' }),
    ];
    const before = replayedClean(events);
    const result = replayAll([...events, ...naming]);
    expect(result.problems.map((p) => [p.eventId, p.rule])).toEqual(naming.map((event) => [event.id, 'R-L3']));
    expect(result.state.machines).toEqual(before.machines);
    expect(result.state.licenses).toEqual(before.licenses);
  });

  test('R-L3: deleting an agent that is not known is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('AgentDeleted', '2025-03-01T00:00:00Z', { machineId: 'zz' }))
      .then({ rejectedBy: 'R-L3' }, {});
  });
});

describe('recoveryRun', () => {
  test('R-D2: recovery turns a license waiting for recovery into Partial with the days fixed at deletion', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e), e('AgentDeleted', '2025-03-01T12:00:00Z', { machineId: 'a' })])
      .when(e('RecoveryRun', '2025-04-01T00:00:00Z', {}))
      .then('applied', {
        'R-D2: recovery turns a license waiting for recovery into Partial with the days fixed at deletion': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({ status: 'partial', daysLeft: 306 });
          expect(countsOf(state, 'kes')).toMatchObject({ held: 0, partial: 1 });
        },
      });
  });

  test('R-D2: extensions queued on the deleted machine go back to Unused at recovery, not before', () => {
    const e = eventBuilder();
    const events = [
      ...base(e),
      e('Extended', '2025-02-01T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 2 }),
      e('AgentDeleted', '2025-03-01T00:00:00Z', { machineId: 'a' }),
    ];
    const deleted = replayedClean(events);
    expect(countsOf(deleted, 'kes')).toMatchObject({ extended: 2, unused: 2 });
    const recovered = replayedClean([...events, e('RecoveryRun', '2025-03-02T00:00:00Z', {})]);
    expect(countsOf(recovered, 'kes')).toMatchObject({ extended: 0, unused: 4, partial: 1 });
  });

  test('R-D2: recovery twice is the same as once', () => {
    const e = eventBuilder();
    const once = [
      ...base(e),
      e('AgentDeleted', '2025-03-01T00:00:00Z', { machineId: 'a' }),
      e('RecoveryRun', '2025-04-01T00:00:00Z', {}),
    ];
    const twice = [...once, e('RecoveryRun', '2025-04-01T00:00:00Z', {})];
    expect(countsOf(replayedClean(twice), 'kes')).toEqual(countsOf(replayedClean(once), 'kes'));
    expect(license(replayedClean(twice), 'kes#1').history.length).toBe(
      license(replayedClean(once), 'kes#1').history.length,
    );
  });

  test('R-D2: recovery touches only KES; seat licenses on deleted agents wait for Clean Database', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 1 }),
        e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'budr', machineId: 'a', groupId: 'hq' }),
        e('AgentDeleted', '2025-02-01T00:00:00Z', { machineId: 'a' }),
      ])
      .when(e('RecoveryRun', '2025-02-02T00:00:00Z', {}))
      .then('applied', {
        'R-D2: recovery touches only KES; seat licenses on deleted agents wait for Clean Database': (state) => {
          expect(license(state, 'budr#1').status).toBe('held');
        },
      });
  });
});

describe('cleanDatabaseRun', () => {
  const events = (e: ReturnType<typeof eventBuilder>) => [
    ...base(e),
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 1 }),
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kav', module: 'KAV', quantity: 1 }),
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kam', module: 'KAM', quantity: 1 }),
    e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'budr', machineId: 'a', groupId: 'hq' }),
    e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'kav', machineId: 'a', groupId: 'hq' }),
    e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'kam', machineId: 'a', groupId: 'hq' }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'live', groupId: 'hq' }),
    e('AgentDeleted', '2025-02-01T00:00:00Z', { machineId: 'a' }),
    e('CleanDatabaseRun', '2025-02-02T00:00:00Z', {}),
  ];

  test("R-D4: Clean Database releases deleted agents' KES licenses as Partial and seats to Unused", () => {
    const state = replayedClean(events(eventBuilder()));
    expect(license(state, 'kes#1')).toMatchObject({ status: 'partial', daysLeft: 365 - 31 });
    expect(license(state, 'budr#1').status).toBe('unused');
  });

  test('R-D4 Decision: a seat with a term is released to Partial with its days left (as R-D2), one without a term to Unused', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr-t', module: 'BUDR', quantity: 1, termDays: 100 }),
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'pm', module: 'PM', quantity: 1 }),
        e('ModuleInstalled', '2025-01-01T00:00:00Z', { poolId: 'budr-t', machineId: 'a', groupId: 'hq' }),
        e('ModuleInstalled', '2025-01-01T00:00:00Z', { poolId: 'pm', machineId: 'a', groupId: 'hq' }),
        e('AgentDeleted', '2025-01-11T12:00:00Z', { machineId: 'a' }),
      ])
      .when(e('CleanDatabaseRun', '2025-02-01T00:00:00Z', {}))
      .then('applied', {
        'R-D4 Decision: a seat with a term is released to Partial with its days left (as R-D2), one without a term to Unused':
          (state) => {
            // 10 whole days used at deletion (R-T3): 90 left, fixed while it waited (R-D1).
            expect(license(state, 'budr-t#1')).toMatchObject({ status: 'partial', daysLeft: 90 });
            expect(license(state, 'pm#1')).toMatchObject({ status: 'unused', daysLeft: null });
            expect(conserved(state, 'budr-t')).toBe(true);
          },
      });
  });

  test('R-D4: Clean Database never touches KAV or KAM', () => {
    const state = replayedClean(events(eventBuilder()));
    expect(license(state, 'kav#1').status).toBe('held');
    expect(license(state, 'kam#1').status).toBe('held');
  });

  test('R-D4: licenses on agents that were not deleted are untouched', () => {
    const state = replayedClean(events(eventBuilder()));
    expect(license(state, 'kes#2')).toMatchObject({ status: 'applied', machineId: 'live' });
  });
});
