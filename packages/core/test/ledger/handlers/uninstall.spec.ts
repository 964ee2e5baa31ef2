import { getMachine } from '../../../src/internal';
import { conserved, countsOf, license, replayAll } from '../../support/state';
import { advancedTo, eventBuilder, instantOf, ledgerSpec } from '@license-ledger/testing';

const base = (e: ReturnType<typeof eventBuilder>) => [
  e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 5 }),
  e('KesInstalled', '2025-01-02T08:30:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
];

describe('uninstalled', () => {
  test('R-U1: uninstall after 65 of 365 days leaves 300 (65 days and 5 hours count as 65, R-T3)', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('Uninstalled', '2025-03-08T13:30:00Z', { poolId: 'kes', machineId: 'ws-1' }))
      .then('applied', {
        'R-U1: uninstall after 65 of 365 days leaves 300 (65 days and 5 hours count as 65, R-T3)': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({
            status: 'partial',
            daysLeft: 300,
            startAt: null,
            endAt: null,
          });
          expect(countsOf(state, 'kes')).toMatchObject({ partial: 1, applied: 0 });
          expect(getMachine(state, 'ws-1')?.installs).toEqual([]);
        },
      });
  });

  test('R-U1: the docs/events.md example replays to Partial with 300 days left', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'acme-kes', module: 'KES', quantity: 10 }),
        e('InstallRequested', '2025-01-02T08:00:00Z', { poolId: 'acme-kes', machineId: 'ws-001', groupId: 'acme.hq' }),
        e('KesInstalled', '2025-01-02T09:10:00Z', {
          poolId: 'acme-kes',
          machineId: 'ws-001',
          groupId: 'acme.hq',
          installedAt: instantOf('2025-01-02T08:30:00Z'),
        }),
      ])
      .when(e('Uninstalled', '2025-03-08T08:30:00Z', { poolId: 'acme-kes', machineId: 'ws-001' }))
      .then('applied', {
        'R-U1: the docs/events.md example replays to Partial with 300 days left': (state) => {
          expect(license(state, 'acme-kes#1')).toMatchObject({ status: 'partial', daysLeft: 300 });
        },
      });
  });

  test('R-U1: a partial license re-applied and uninstalled again loses only the days used since', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        ...base(e),
        e('Uninstalled', '2025-03-08T08:30:00Z', { poolId: 'kes', machineId: 'ws-1' }),
        e('KesInstalled', '2025-04-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'hq' }),
      ])
      .when(e('Uninstalled', '2025-04-11T23:00:00Z', { poolId: 'kes', machineId: 'ws-2' }))
      .then('applied', {
        'R-U1: a partial license re-applied and uninstalled again loses only the days used since': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({ status: 'partial', daysLeft: 290 });
        },
      });
  });

  test('R-U1: after the term ended the license stays Expired; expired licenses are not recoverable', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('Uninstalled', '2026-01-05T00:00:00Z', { poolId: 'kes', machineId: 'ws-1' }))
      .then('applied', {
        'R-U1: after the term ended the license stays Expired; expired licenses are not recoverable': (state) => {
          expect(license(state, 'kes#1').status).toBe('expired');
          expect(countsOf(state, 'kes')).toMatchObject({ expired: 1, partial: 0 });
        },
      });
  });

  test('R-U2: extensions still queued go back to Unused on uninstall', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e), e('Extended', '2025-02-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 2 })])
      .when(e('Uninstalled', '2025-03-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-1' }))
      .then('applied', {
        'R-U2: extensions still queued go back to Unused on uninstall': (state) => {
          expect(license(state, 'kes#2').status).toBe('unused');
          expect(license(state, 'kes#3').status).toBe('unused');
          expect(countsOf(state, 'kes')).toMatchObject({ extended: 0, unused: 4, partial: 1 });
          expect(conserved(state, 'kes')).toBe(true);
          // Each returned extension's history names R-U2, the uninstalled license's R-U1.
          expect(['kes#1', 'kes#2', 'kes#3'].map((id) => license(state, id).history.last?.rule)).toEqual([
            'R-U1',
            'R-U2',
            'R-U2',
          ]);
        },
      });
  });

  test('R-U1: a seat license without a term is released to Unused', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 1 }),
        e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'budr', machineId: 'a', groupId: 'hq' }),
      ])
      .when(e('Uninstalled', '2025-02-02T00:00:00Z', { poolId: 'budr', machineId: 'a' }))
      .then('applied', {
        'R-U1: a seat license without a term is released to Unused': (state) => {
          expect(countsOf(state, 'budr')).toMatchObject({ unused: 1, applied: 0 });
        },
      });
  });

  test('R-U1: uninstalling what is not installed, or a pending install, is rejected', () => {
    const e = eventBuilder();
    const result = replayAll([
      ...base(e),
      e('Uninstalled', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ghost' }),
      e('InstallRequested', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'hq' }),
      e('Uninstalled', '2025-01-05T00:00:00Z', { poolId: 'kes', machineId: 'ws-2' }),
    ]);
    expect(result.problems.map((p) => [p.eventId, p.rule])).toEqual([
      ['e3', 'R-L3'],
      ['e5', 'R-U1'],
    ]);
  });
});

describe('avUninstalledByUser', () => {
  test('R-U3: removing the antivirus by hand changes no license: it stays Applied and keeps counting down', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('AvUninstalledByUser', '2025-02-01T00:00:00Z', { machineId: 'ws-1' }))
      .then('applied', {
        'R-U3: removing the antivirus by hand changes no license: it stays Applied and keeps counting down': (
          state,
        ) => {
          expect(license(state, 'kes#1')).toMatchObject({ status: 'applied', daysLeft: 365 });
          expect(getMachine(state, 'ws-1')?.avRemovedAt).toBe(instantOf('2025-02-01T00:00:00Z'));
          expect(license(advancedTo(state, '2026-01-02T08:30:00Z'), 'kes#1').status).toBe('expired');
        },
      });
  });

  test('R-L3: AvUninstalledByUser on an unknown machine is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('AvUninstalledByUser', '2025-02-01T00:00:00Z', { machineId: 'nope' }))
      .then({ rejectedBy: 'R-L3' }, {});
  });
});
