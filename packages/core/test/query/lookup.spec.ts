import { getPool, type LedgerState, parseLicenseId, type Pool, purchaseOf } from '../../src/index';
import { findLicense } from '../../src/internal';
import { eventBuilder, replayClean, t } from '../support/events';

/** acme-kes: 3 licenses of 365 days (e1), then 2 of 30 days (e2); license 1 installed on ws-1 (e3, e4). */
const state = (): LedgerState => {
  const e = eventBuilder();
  return replayClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'acme-kes', module: 'KES', quantity: 3 }),
    e('LicensePurchased', '2025-01-02T00:00:00Z', { poolId: 'acme-kes', module: 'KES', quantity: 2, termDays: 30 }),
    e('InstallRequested', '2025-01-03T00:00:00Z', { poolId: 'acme-kes', machineId: 'ws-1', groupId: 'g' }),
    e('KesInstalled', '2025-01-03T01:00:00Z', { poolId: 'acme-kes', machineId: 'ws-1', groupId: 'g' }),
  ]);
};

const pool = (s: LedgerState): Pool => {
  const found = getPool(s, 'acme-kes');
  if (found === undefined) throw new Error('no pool acme-kes');
  return found;
};

describe('parseLicenseId', () => {
  test('R-P3: a license id is <poolId>#<n>, split at the last #', () => {
    expect(parseLicenseId('acme-kes#3')).toEqual({ poolId: 'acme-kes', number: 3 });
    expect(parseLicenseId('acme#kes#12')).toEqual({ poolId: 'acme#kes', number: 12 });
  });

  test('R-P3: no #, or a number that is not ≥ 1 written plainly, is no license id', () => {
    for (const id of ['acme-kes', 'acme-kes#', 'acme-kes#0', 'acme-kes#03', 'acme-kes#-1', 'acme-kes#1.5', 'acme-kes#1e3', 'acme-kes# 1']) {
      expect({ id, parsed: parseLicenseId(id) }).toEqual({ id, parsed: undefined });
    }
  });
});

describe('purchaseOf', () => {
  test('R-P3: licenses are numbered in purchase order: each number belongs to the purchase whose range holds it', () => {
    const p = pool(state());
    expect([1, 2, 3, 4, 5].map((n) => purchaseOf(p, n)?.eventId)).toEqual(['e1', 'e1', 'e1', 'e2', 'e2']);
    expect(purchaseOf(p, 4)).toEqual({ eventId: 'e2', at: t('2025-01-02T00:00:00Z'), first: 4, last: 5, termDays: 30 });
  });

  test('R-P1: a number past the pool Max, or below 1, belongs to no purchase', () => {
    const p = pool(state());
    for (const n of [0, -1, 6]) expect({ n, purchase: purchaseOf(p, n) }).toEqual({ n, purchase: undefined });
  });
});

describe('findLicense', () => {
  test('R-P3: a license never touched is Unused with its own purchase term', () => {
    const s = state();
    expect(findLicense(s.pools, s.licenses, 'acme-kes#3')).toMatchObject({ licenseId: 'acme-kes#3', status: 'unused', termDays: 365, daysLeft: 365, machineId: null });
    expect(findLicense(s.pools, s.licenses, 'acme-kes#5')).toMatchObject({ licenseId: 'acme-kes#5', status: 'unused', termDays: 30, daysLeft: 30 });
  });

  test('R-P3: a touched license is found as stored, with its state', () => {
    const s = state();
    expect(findLicense(s.pools, s.licenses, 'acme-kes#1')).toMatchObject({ status: 'applied', machineId: 'ws-1' });
  });

  test('R-P1: no license past Max, in an unknown pool, or under a malformed id', () => {
    const s = state();
    for (const id of ['acme-kes#6', 'other#1', 'acme-kes', 'acme-kes#01']) {
      expect({ id, license: findLicense(s.pools, s.licenses, id) }).toEqual({ id, license: undefined });
    }
  });
});
