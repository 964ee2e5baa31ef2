import fc from 'fast-check';
import {
  type LedgerState,
  type License,
  licenseIdOf,
  MAX_QUANTITY,
  parseLicenseId,
  type Pool,
  purchaseOf,
  untouchedRange,
} from '../../src/index';
import { findLicense, getPool, poolLicenses, touchedLicenses } from '../../src/internal';
import { eventBuilder, instantOf, replayedClean } from '@license-ledger/testing';

/** acme-kes: 3 licenses of 365 days (e1), then 2 of 30 days (e2); license 1 installed on ws-1 (e3, e4). */
const state = (): LedgerState => {
  const e = eventBuilder();
  return replayedClean([
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

describe('touchedLicenses', () => {
  test('R-P1, F3: with two purchases of MAX_QUANTITY, only the licenses handed out are walked; the rest is one range', () => {
    const e = eventBuilder();
    const big = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: MAX_QUANTITY }),
      e('LicensePurchased', '2025-01-02T00:00:00Z', {
        poolId: 'p',
        module: 'KES',
        quantity: MAX_QUANTITY,
        termDays: 30,
      }),
      e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'p', machineId: 'ws-1', groupId: 'g' }),
      e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'p', machineId: 'ws-2', groupId: 'g' }),
    ]);
    expect([...touchedLicenses(big, 'p')].map((l) => [l.licenseId, l.status])).toEqual([
      ['p#1', 'applied'],
      ['p#2', 'applied'],
    ]);
    const p = getPool(big, 'p') as Pool;
    expect(untouchedRange(p)).toEqual({ first: 3, last: 2 * MAX_QUANTITY });
    // The full walk is lazy: its first licenses come without making the other two billion.
    const walk = poolLicenses(big, 'p');
    const next = () => walk.next().value as License | undefined;
    expect([next()?.licenseId, next()?.licenseId, next()?.status]).toEqual(['p#1', 'p#2', 'unused']);
    expect(findLicense(big.pools, big.licenses, `p#${2 * MAX_QUANTITY}`)).toMatchObject({
      status: 'unused',
      termDays: 30,
    });
  });

  test('R-P3: every license of a pool is a touched one or in the untouched range, exactly once', () => {
    const s = state();
    const touched = [...touchedLicenses(s, 'acme-kes')].map((l) => l.number);
    const range = untouchedRange(pool(s));
    const rest =
      range === undefined ? [] : Array.from({ length: range.last - range.first + 1 }, (_, i) => range.first + i);
    expect([...touched, ...rest]).toEqual([...poolLicenses(s, 'acme-kes')].map((l) => l.number));
  });
});

describe('licenseIdOf', () => {
  test('R-P3: is `<poolId>#<n>` for every pool id and number, short or long, and parseLicenseId reads it back', () => {
    const poolId = fc.oneof(fc.string(), fc.string({ unit: 'grapheme', maxLength: 70 }), fc.constant('acme-kes'));
    const number = fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer(), fc.double());
    fc.assert(
      fc.property(poolId, number, (pool, n) => {
        const id = licenseIdOf(pool, n);
        expect(id).toBe(`${pool}#${n}`);
        if (Number.isSafeInteger(n) && n >= 1) expect(parseLicenseId(id)).toEqual({ poolId: pool, number: n });
      }),
    );
    // Ids of every length up to 18 characters (made by one call with each code an argument up to 16), with
    // numbers of one to five digits, and at the scratch lengths' edge (64 characters) and beyond.
    for (const length of [...Array.from({ length: 17 }, (_, k) => k + 2), 62, 63, 64, 65, 100])
      for (const n of [7, 40, 512, 9031, 27183].filter((n) => String(n).length < length))
        expect(licenseIdOf('p'.repeat(length - 1 - String(n).length), n)).toBe(
          `${'p'.repeat(length - 1 - String(n).length)}#${n}`,
        );
  });
});

describe('parseLicenseId', () => {
  test('R-P3: a license id is <poolId>#<n>, split at the last #', () => {
    expect(parseLicenseId('acme-kes#3')).toEqual({ poolId: 'acme-kes', number: 3 });
    expect(parseLicenseId('acme#kes#12')).toEqual({ poolId: 'acme#kes', number: 12 });
  });

  test('R-P3: no #, or a number that is not ≥ 1 written plainly, is no license id', () => {
    for (const id of [
      'acme-kes',
      'acme-kes#',
      'acme-kes#0',
      'acme-kes#03',
      'acme-kes#-1',
      'acme-kes#1.5',
      'acme-kes#1e3',
      'acme-kes# 1',
    ]) {
      expect({ id, parsed: parseLicenseId(id) }).toEqual({ id, parsed: undefined });
    }
  });
});

describe('purchaseOf', () => {
  test('R-P3: licenses are numbered in purchase order: each number belongs to the purchase whose range holds it', () => {
    const p = pool(state());
    expect([1, 2, 3, 4, 5].map((n) => purchaseOf(p, n)?.eventId)).toEqual(['e1', 'e1', 'e1', 'e2', 'e2']);
    expect(purchaseOf(p, 4)).toEqual({
      eventId: 'e2',
      at: instantOf('2025-01-02T00:00:00Z'),
      first: 4,
      last: 5,
      termDays: 30,
    });
  });

  test('R-P1: a number past the pool Max, or below 1, belongs to no purchase', () => {
    const p = pool(state());
    for (const n of [0, -1, 6]) expect({ n, purchase: purchaseOf(p, n) }).toEqual({ n, purchase: undefined });
  });
});

describe('findLicense', () => {
  test('R-P3: a license never touched is Unused with its own purchase term', () => {
    const s = state();
    expect(findLicense(s.pools, s.licenses, 'acme-kes#3')).toMatchObject({
      licenseId: 'acme-kes#3',
      status: 'unused',
      termDays: 365,
      daysLeft: 365,
      machineId: null,
    });
    expect(findLicense(s.pools, s.licenses, 'acme-kes#5')).toMatchObject({
      licenseId: 'acme-kes#5',
      status: 'unused',
      termDays: 30,
      daysLeft: 30,
    });
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
