import { getPool, MAX_POOL_LICENSES, MAX_QUANTITY } from '../../../src/index';
import { countsOf, license, replayAll } from '../../support/state';
import { eventBuilder, instantOf, ledgerSpec } from '@license-ledger/testing';

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
    ledgerSpec
      .given([e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 10 })])
      .when(e('LicensePurchased', '2025-06-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 5 }))
      .then('applied', {
        'R-P1: a purchase adds never-used licenses; Max is every license ever purchased': (state) => {
          expect(countsOf(state, 'kes')).toMatchObject({ max: 15, unused: 15 });
        },
      });
  });

  test('R-P1: a purchase naming a known pool with another module is rejected', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 1 })])
      .when(e('LicensePurchased', '2025-01-02T00:00:00Z', { poolId: 'p', module: 'BUDR', quantity: 1 }))
      .then(
        { rejectedBy: 'R-P1' },
        {
          'R-P1: a purchase naming a known pool with another module is rejected': (after) => {
            expect(getPool(after, 'p')?.max).toBe(1);
          },
        },
      );
  });

  test('R-P3: licenses are numbered in purchase order within their pool', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 })])
      .when(e('LicensePurchased', '2025-01-02T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2, termDays: 180 }))
      .then('applied', {
        'R-P3: licenses are numbered in purchase order within their pool': (state) => {
          expect(getPool(state, 'kes')?.purchases.map((p) => [p.first, p.last, p.termDays])).toEqual([
            [1, 2, 365],
            [3, 4, 180],
          ]);
          expect(license(state, 'kes#3')).toMatchObject({ status: 'unused', termDays: 180 });
        },
      });
  });

  test('R-T5: the KES term is per purchase, 365 days by default', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1, termDays: 180 }),
      ])
      .when(e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }))
      .then('applied', {
        'R-T5: the KES term is per purchase, 365 days by default': (state) => {
          expect(license(state, 'kes#1').endAt).toBe(instantOf('2025-06-30T00:00:00Z'));
        },
      });
  });

  test('R-P2: add-on modules are seats with no term unless the purchase gives one', () => {
    const e = eventBuilder();
    ledgerSpec
      .given([
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 1 }),
        e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kam', module: 'KAM', quantity: 1, termDays: 30 }),
      ])
      .when(e('ModuleInstalled', '2025-01-01T00:00:00Z', { poolId: 'kam', machineId: 'a', groupId: 'hq' }))
      .then('applied', {
        'R-P2: add-on modules are seats with no term unless the purchase gives one': (state) => {
          expect(license(state, 'budr#1').termDays).toBeNull();
          expect(license(state, 'kam#1').endAt).toBe(instantOf('2025-01-31T00:00:00Z'));
        },
      });
  });
});
