import { getMachine } from '../../../src/index';
import { conserved, countsOf, license, replayAll } from '../../support/state';
import { advancedTo, eventBuilder, ledgerSpec, replayedClean } from '@license-ledger/testing';

const base = (e: ReturnType<typeof eventBuilder>) => [
  e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
  e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
  e('LicenseMarkedOther', '2025-02-01T06:00:00Z', { poolId: 'kes', machineId: 'a', reason: 'duplicate agent GUID' }),
];

describe('licenseMarkedOther', () => {
  test("R-O1: the machine's license goes to Other (orphaned) with the days it had, and leaves the machine", () => {
    const state = replayedClean(base(eventBuilder()));
    expect(license(state, 'kes#1')).toMatchObject({ status: 'other', daysLeft: 365 - 31 });
    expect(license(state, 'kes#1').history.last?.note).toBe('duplicate agent GUID');
    expect(countsOf(state, 'kes')).toMatchObject({ other: 1, applied: 0 });
    expect(getMachine(state, 'a')?.installs).toEqual([]);
    expect(conserved(state, 'kes')).toBe(true);
  });

  test('R-U1 Decision, R-O1: marking an expired license Other is rejected; it stays Expired and cannot be resolved back to Unused', () => {
    const e = eventBuilder();
    const result = replayAll([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
      // kes#1 expired on 2026-01-01 (R-T2); the mark is decided after that change (R-T4).
      e('LicenseMarkedOther', '2026-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', reason: 'lost' }),
      e('OtherResolved', '2026-01-02T00:00:00Z', { poolId: 'kes', licenseId: 'kes#1', resolution: 'unused' }),
      e('KesInstalled', '2026-01-03T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({ eventId: 'e3', rule: 'R-O1', message: expect.stringContaining('expired') as unknown }),
      expect.objectContaining({ eventId: 'e4', rule: 'R-O2' }),
    ]);
    expect(license(result.state, 'kes#1').status).toBe('expired');
    expect(license(result.state, 'kes#2')).toMatchObject({ status: 'applied', machineId: 'b' });
    expect(countsOf(result.state, 'kes')).toMatchObject({ expired: 1, applied: 1, other: 0, unused: 0 });
  });

  test('R-O1 Decision: a license reserved by a pending install may be marked Other; the pending install ends (as R-D3)', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 }),
        e('InstallRequested', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
      ])
      .when(e('LicenseMarkedOther', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', reason: 'stuck' }))
      .then('applied', {
        'R-O1 Decision: a license reserved by a pending install may be marked Other; the pending install ends (as R-D3)':
          (state) => {
            expect(license(state, 'kes#1')).toMatchObject({ status: 'other', daysLeft: 365 });
            expect(getMachine(state, 'a')?.installs).toEqual([]);
            expect(countsOf(state, 'kes')).toMatchObject({ other: 1, reservedFromUnused: 0, unused: 1 });
            expect(conserved(state, 'kes')).toBe(true);
          },
      });
  });

  test('R-O1: marking a machine that holds nothing from the pool is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('LicenseMarkedOther', '2025-02-02T00:00:00Z', { poolId: 'kes', machineId: 'a', reason: 'again' }))
      .then({ rejectedBy: 'R-O1' }, {});
  });
});

describe('otherResolved', () => {
  test('R-O2: resolved to partial, an Other license keeps the days it had', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('OtherResolved', '2025-03-01T00:00:00Z', { poolId: 'kes', licenseId: 'kes#1', resolution: 'partial' }))
      .then('applied', {
        'R-O2: resolved to partial, an Other license keeps the days it had': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({ status: 'partial', daysLeft: 334 });
        },
      });
  });

  test('R-O2: resolved to unused, it is a never-used license again with a full term', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('OtherResolved', '2025-03-01T00:00:00Z', { poolId: 'kes', licenseId: 'kes#1', resolution: 'unused' }))
      .then('applied', {
        'R-O2: resolved to unused, it is a never-used license again with a full term': (state) => {
          expect(license(state, 'kes#1')).toMatchObject({ status: 'unused', daysLeft: 365 });
          expect(countsOf(state, 'kes')).toMatchObject({ unused: 3, other: 0 });
        },
      });
  });

  test('R-O2: resolved to expired, it counts as Expired', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('OtherResolved', '2025-03-01T00:00:00Z', { poolId: 'kes', licenseId: 'kes#1', resolution: 'expired' }))
      .then('applied', {
        'R-O2: resolved to expired, it counts as Expired': (state) => {
          expect(countsOf(state, 'kes')).toMatchObject({ expired: 1, other: 0 });
        },
      });
  });

  test('R-O2: no Other license is left with no days to resolve: a license whose term ended cannot be marked Other (R-O1)', () => {
    const e = eventBuilder();
    const result = replayAll([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1, termDays: 10 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
      e('LicenseMarkedOther', '2025-02-01T00:00:00Z', { poolId: 'kes', machineId: 'a', reason: 'orphaned' }),
      e('OtherResolved', '2025-02-02T00:00:00Z', { poolId: 'kes', licenseId: 'kes#1', resolution: 'partial' }),
    ]);
    expect(result.problems).toEqual([
      expect.objectContaining({ eventId: 'e3', rule: 'R-O1' }),
      expect.objectContaining({ eventId: 'e4', rule: 'R-O2' }),
    ]);
    // Rejected events move no time (R-L3): asked at their instant, the license is Expired.
    expect(license(advancedTo(result.state, '2025-02-02T00:00:00Z'), 'kes#1')).toMatchObject({
      status: 'expired',
      daysLeft: 0,
    });
  });

  test('R-O2: resolving a license that is not Other is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([...base(e)])
      .when(e('OtherResolved', '2025-03-01T00:00:00Z', { poolId: 'kes', licenseId: 'kes#2', resolution: 'unused' }))
      .then({ rejectedBy: 'R-O2' }, {});
  });
});
