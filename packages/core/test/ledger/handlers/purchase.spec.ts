import { getPool, MAX_POOL_LICENSES, MAX_QUANTITY } from '../../../src/index';
import { countsOf, license, replayAll } from '../../support/state';
import { eventBuilder, instantOf, replayedClean } from '@license-ledger/testing';

describe('licensePurchased', () => {
  test('R-P1, F3: a purchase that would take a pool past MAX_POOL_LICENSES is rejected; up to it, it applies', () => {
    const e = eventBuilder();
    const buys = Array.from({ length: MAX_POOL_LICENSES / MAX_QUANTITY + 1 }, () =>
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: MAX_QUANTITY }),
    );
    const result = replayAll(buys);
    expect(result.problems).toEqual([expect.objectContaining({ eventId: buys.at(-1)?.id, rule: 'R-P1' })]);
    expect(countsOf(result.state, 'kes')).toMatchObject({ max: MAX_POOL_LICENSES, unused: MAX_POOL_LICENSES });
  });

  test('R-P1: a purchase adds never-used licenses; Max is every license ever purchased', () => {
    const e = eventBuilder();
    const state = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 10 }),
      e('LicensePurchased', '2025-06-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 5 }),
    ]);
    expect(countsOf(state, 'kes')).toMatchObject({ max: 15, unused: 15 });
  });

  test('R-P1: a purchase naming a known pool with another module is rejected', () => {
    const e = eventBuilder();
    const result = replayAll([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 1 }),
      e('LicensePurchased', '2025-01-02T00:00:00Z', { poolId: 'p', module: 'BUDR', quantity: 1 }),
    ]);
    expect(result.problems).toEqual([expect.objectContaining({ eventId: 'e2', rule: 'R-P1' })]);
    expect(getPool(result.state, 'p')?.max).toBe(1);
  });

  test('R-P3: licenses are numbered in purchase order within their pool', () => {
    const e = eventBuilder();
    const state = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 }),
      e('LicensePurchased', '2025-01-02T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2, termDays: 180 }),
    ]);
    expect(getPool(state, 'kes')?.purchases.map((p) => [p.first, p.last, p.termDays])).toEqual([
      [1, 2, 365],
      [3, 4, 180],
    ]);
    expect(license(state, 'kes#3')).toMatchObject({ status: 'unused', termDays: 180 });
  });

  test('R-T5: the KES term is per purchase, 365 days by default', () => {
    const e = eventBuilder();
    const state = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1, termDays: 180 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
    ]);
    expect(license(state, 'kes#1').endAt).toBe(instantOf('2025-06-30T00:00:00Z'));
  });

  test('R-P2: add-on modules are seats with no term unless the purchase gives one', () => {
    const e = eventBuilder();
    const state = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 1 }),
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kam', module: 'KAM', quantity: 1, termDays: 30 }),
      e('ModuleInstalled', '2025-01-01T00:00:00Z', { poolId: 'kam', machineId: 'a', groupId: 'hq' }),
    ]);
    expect(license(state, 'budr#1').termDays).toBeNull();
    expect(license(state, 'kam#1').endAt).toBe(instantOf('2025-01-31T00:00:00Z'));
  });
});
