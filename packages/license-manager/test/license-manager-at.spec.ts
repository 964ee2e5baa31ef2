import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { licenseManagerAt } from '../src/license-manager-at';
import { licenseManagerCounts } from '../src/license-manager-counts';
import { advancedTo, day, ledgerOf, ledgerSpec, numbered, rightOf, type Step } from '@license-ledger/testing';

const pools: Step[] = [
  { type: 'LicensePurchased', at: day(0), poolId: 'zeta', module: 'KES', quantity: 3 },
  { type: 'LicensePurchased', at: day(0), poolId: 'alpha', module: 'BUDR', quantity: 2 },
  { type: 'KesInstalled', at: day(0), poolId: 'zeta', machineId: 'm1', groupId: 'g1' },
  { type: 'AutoExtendSet', at: day(0), poolId: 'zeta', machineId: 'm1', enabled: true },
  { type: 'ModuleInstalled', at: day(0), poolId: 'alpha', machineId: 'm1', groupId: 'g1' },
];

describe('licenseManagerAt', () => {
  test('lists every pool with its module, sorted by pool id', () => {
    const rows = rightOf(pipe(ledgerOf(pools), licenseManagerAt(day(1))));
    expect(rows.map((row) => [row.poolId, row.module])).toEqual([
      ['alpha', 'BUDR'],
      ['zeta', 'KES'],
    ]);
  });

  test('R-T4, R-X4, R-V2: runs time forward first: an auto-extend at the term end adds to Used, the machine still counts once', () => {
    const zetaAt = (d: number) =>
      rightOf(pipe(ledgerOf(pools), licenseManagerAt(day(d)))).find((row) => row.poolId === 'zeta')?.counts;
    expect(zetaAt(364)).toEqual({ used: 1, max: 3, groups: [{ groupId: 'g1', machines: 1 }] });
    expect(zetaAt(365)).toEqual({ used: 2, max: 3, groups: [{ groupId: 'g1', machines: 1 }] });
    expect(zetaAt(1095)).toEqual({ used: 3, max: 3, groups: [{ groupId: 'g1', machines: 1 }] });
  });

  test('R-T4: each row is the License Manager of the state as of the instant', () => {
    const state = ledgerOf(pools);
    const later = advancedTo(state, day(500));
    for (const row of rightOf(pipe(state, licenseManagerAt(day(500)))))
      expect(row.counts).toEqual(E.getOrElseW(() => undefined)(licenseManagerCounts(row.poolId)(later)));
  });

  test('an instant before the state’s clock is a Left, and the state is left as it was', () => {
    ledgerSpec
      .given(numbered([...pools]))
      .when({ type: 'Uninstalled', at: day(10), poolId: 'zeta', machineId: 'm1', id: 'when' })
      .then('applied', {
        'an instant before the state’s clock is a Left, and the state is left as it was': (state) => {
          expect(E.isLeft(pipe(state, licenseManagerAt(day(5))))).toBe(true);
          expect(state.clock).toBe(day(10));
          expect(E.getOrElseW(() => undefined)(licenseManagerCounts('zeta')(state))).toEqual({
            used: 1,
            max: 3,
            groups: [],
          });
        },
      });
  });
});
