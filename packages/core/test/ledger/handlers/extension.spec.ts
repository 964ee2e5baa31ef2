import { getMachine } from '../../../src/index';
import { conserved, countsOf, license, replayAll } from '../../support/state';
import { advancedTo, eventBuilder, instantOf, ledgerSpec } from '@license-ledger/testing';

const base = (e: ReturnType<typeof eventBuilder>, quantity = 4) => [
  e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity }),
  e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
];

describe('extended', () => {
  test('R-X1: extending queues never-used licenses on the machine as Extended', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('Extended', '2025-06-01T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 2 }))
      .then('applied', {
        'R-X1: extending queues never-used licenses on the machine as Extended': (state) => {
          expect(license(state, 'kes#2')).toMatchObject({ status: 'extended', machineId: 'a' });
          expect(countsOf(state, 'kes')).toMatchObject({ extended: 2, unused: 1, applied: 1 });
          expect(conserved(state, 'kes')).toBe(true);
        },
      });
  });

  test('R-X1: extending with too few unused licenses is rejected whole', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e, 2)])
      .when(e('Extended', '2025-06-01T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 2 }))
      .then(
        { rejectedBy: 'R-X1' },
        {
          'R-X1: extending with too few unused licenses is rejected whole': (after) => {
            expect(countsOf(after, 'kes')).toMatchObject({ extended: 0, unused: 1 });
          },
        },
      );
  });

  test('R-X1: extending a machine without an applied KES license is rejected', () => {
    const e = eventBuilder();
    const result = replayAll([
      ...base(e),
      e('InstallRequested', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
      e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'b' }),
      e('Extended', '2026-01-03T00:00:00Z', { poolId: 'kes', machineId: 'a' }),
    ]);
    expect(result.problems.map((p) => [p.eventId, p.rule])).toEqual([
      ['e4', 'R-X1'],
      ['e5', 'R-X1'],
    ]);
  });
});

describe('licenseTermEnded (R-X2, via the agenda)', () => {
  test('R-X2: the next queued extension takes over at the old end with a full term', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('Extended', '2025-06-01T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 2 }))
      .then('applied', {
        'R-X2: the next queued extension takes over at the old end with a full term': (state) => {
          const before = advancedTo(state, '2025-12-31T23:59:59Z');
          expect(license(before, 'kes#1').status).toBe('applied');
          const after = advancedTo(state, '2026-01-01T00:00:00Z');
          expect(license(after, 'kes#1').status).toBe('expired');
          expect(license(after, 'kes#2')).toMatchObject({
            status: 'applied',
            startAt: instantOf('2026-01-01T00:00:00Z'),
            endAt: instantOf('2027-01-01T00:00:00Z'),
          });
          const later = advancedTo(state, '2027-01-01T00:00:00Z');
          expect(license(later, 'kes#3')).toMatchObject({
            status: 'applied',
            startAt: instantOf('2027-01-01T00:00:00Z'),
          });
          expect(countsOf(later, 'kes')).toMatchObject({ expired: 2, applied: 1, extended: 0 });
          expect(getMachine(later, 'a')?.installs[0]).toMatchObject({ licenseId: 'kes#3', queue: [] });
        },
      });
  });
});

describe('returned', () => {
  test('R-X3: returning gives back the newest queued extensions first, to Unused', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e), e('Extended', '2025-06-01T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 3 })])
      .when(e('Returned', '2025-06-02T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 2 }))
      .then('applied', {
        'R-X3: returning gives back the newest queued extensions first, to Unused': (state) => {
          expect(license(state, 'kes#2').status).toBe('extended');
          expect(license(state, 'kes#3').status).toBe('unused');
          expect(license(state, 'kes#4').status).toBe('unused');
          expect(getMachine(state, 'a')?.installs[0]?.queue).toEqual(['kes#2']);
        },
      });
  });

  test('R-X3: asking to return more than are queued is rejected whole', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e), e('Extended', '2025-06-01T00:00:00Z', { poolId: 'kes', machineId: 'a' })])
      .when(e('Returned', '2025-06-02T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 2 }))
      .then(
        { rejectedBy: 'R-X3' },
        {
          'R-X3: asking to return more than are queued is rejected whole': (after) => {
            expect(countsOf(after, 'kes').extended).toBe(1);
          },
        },
      );
  });
});

describe('autoExtendSet', () => {
  test('R-X4 Decision: on a machine whose install from the pool is only pending, AutoExtendSet is rejected', () => {
    const e = eventBuilder();
    const result = replayAll([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 }),
      e('InstallRequested', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
      e('AutoExtendSet', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }),
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({ eventId: 'e3', rule: 'R-X4', message: expect.stringContaining('pending') as unknown }),
    ]);
    expect(getMachine(result.state, 'a')?.installs[0]?.autoExtend).toBe(false);
  });

  test('R-X4 Decision: the setting ends when the license is marked Other: a new install starts without it', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
        e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
        e('AutoExtendSet', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }),
        e('LicenseMarkedOther', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'a', reason: 'lost' }),
      ])
      .when(e('KesInstalled', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }))
      .then('applied', {
        'R-X4 Decision: the setting ends when the license is marked Other: a new install starts without it': (
          state,
        ) => {
          expect(getMachine(state, 'a')?.installs[0]).toMatchObject({ licenseId: 'kes#2', autoExtend: false });
        },
      });
  });

  test('R-X4 Decision: a pending reinstall over an expired install from the pool counts as checked in; the setting carries over', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
        e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
        e('InstallRequested', '2026-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
        e('AutoExtendSet', '2026-01-03T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }),
      ])
      .when(e('KesInstalled', '2026-01-04T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }))
      .then('applied', {
        'R-X4 Decision: a pending reinstall over an expired install from the pool counts as checked in; the setting carries over':
          (state) => {
            expect(getMachine(state, 'a')?.installs[0]).toMatchObject({
              status: 'installed',
              licenseId: 'kes#2',
              autoExtend: true,
            });
          },
      });
  });

  test('R-X4: with auto-extend on and nothing queued, a never-used license (not a partial) is applied at the end', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        ...base(e),
        e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
        e('Uninstalled', '2025-02-01T00:00:00Z', { poolId: 'kes', machineId: 'b' }),
      ])
      .when(e('AutoExtendSet', '2025-03-01T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }))
      .then('applied', {
        'R-X4: with auto-extend on and nothing queued, a never-used license (not a partial) is applied at the end': (
          state,
        ) => {
          const after = advancedTo(state, '2026-01-01T00:00:00Z');
          expect(license(after, 'kes#2').status).toBe('partial');
          expect(license(after, 'kes#3')).toMatchObject({
            status: 'applied',
            machineId: 'a',
            startAt: instantOf('2026-01-01T00:00:00Z'),
          });
        },
      });
  });

  test('R-X4: with none unused the license expires and the machine notes that auto-extend failed', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e, 1)])
      .when(e('AutoExtendSet', '2025-03-01T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }))
      .then('applied', {
        'R-X4: with none unused the license expires and the machine notes that auto-extend failed': (state) => {
          const after = advancedTo(state, '2026-01-02T00:00:00Z');
          expect(license(after, 'kes#1').status).toBe('expired');
          const notes = getMachine(after, 'a')?.history;
          expect(notes?.last).toMatchObject({
            rule: 'R-X4',
            eventId: null,
            what: expect.stringContaining('auto-extend failed') as unknown,
          });
        },
      });
  });

  test('R-T4: two machines ending at the same instant take unused licenses in machine id order', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
        e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
        e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
        e('AutoExtendSet', '2025-03-01T00:00:00Z', { poolId: 'kes', machineId: 'b', enabled: true }),
      ])
      .when(e('AutoExtendSet', '2025-03-01T00:00:00Z', { poolId: 'kes', machineId: 'a', enabled: true }))
      .then('applied', {
        'R-T4: two machines ending at the same instant take unused licenses in machine id order': (state) => {
          const after = advancedTo(state, '2026-06-01T00:00:00Z');
          expect(license(after, 'kes#3')).toMatchObject({ status: 'applied', machineId: 'a' });
          expect(getMachine(after, 'b')?.history.last?.what).toContain('auto-extend failed');
        },
      });
  });

  test('R-X4: auto-extend carries over to a reinstall from another pool, which it then extends', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-a', module: 'KES', quantity: 1, termDays: 10 }),
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-b', module: 'KES', quantity: 2 }),
        e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes-a', machineId: 'a', groupId: 'hq' }),
        e('AutoExtendSet', '2025-01-02T00:00:00Z', { poolId: 'kes-a', machineId: 'a', enabled: true }),
      ])
      .when(e('KesInstalled', '2025-02-01T00:00:00Z', { poolId: 'kes-b', machineId: 'a', groupId: 'hq' }))
      .then('applied', {
        'R-X4: auto-extend carries over to a reinstall from another pool, which it then extends': (state) => {
          expect(getMachine(state, 'a')?.installs).toEqual([
            expect.objectContaining({ poolId: 'kes-b', autoExtend: true }),
          ]);
          expect(license(advancedTo(state, '2026-02-01T00:00:00Z'), 'kes-b#2')).toMatchObject({
            status: 'applied',
            machineId: 'a',
            startAt: instantOf('2026-02-01T00:00:00Z'),
          });
        },
      });
  });

  test('R-X4: auto-extend on a machine without a KES install from the pool is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        ...base(e),
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 1 }),
      ])
      .when(e('AutoExtendSet', '2025-03-01T00:00:00Z', { poolId: 'budr', machineId: 'a', enabled: true }))
      .then({ rejectedBy: 'R-X4' }, {});
  });
});
