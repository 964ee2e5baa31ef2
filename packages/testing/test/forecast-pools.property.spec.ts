import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { advanceTo, DAY_MS, forecastPools, instant, listPools, replay } from '@license-ledger/core';
import { installRemoveCountsOf } from '@license-ledger/install-remove';
import { licenseManagerCountsOf } from '@license-ledger/license-manager';
import { validHistory } from '../src/index';
import { fcParameters, seed } from './support/settings';

describe('forecastPools', () => {
  test(`R-T4: the forecast popup and License Manager numbers equal those of advanceTo, up to two years on (seed ${seed})`, () => {
    fc.assert(
      fc.property(validHistory(), fc.integer({ min: 0, max: 730 }), (events, days) => {
        const { state } = replay()(events);
        const until = instant((state.clock ?? 0) + days * DAY_MS);
        const advanced = advanceTo(until)(state);
        const forecast = forecastPools(until)(state);
        if (E.isLeft(advanced) || E.isLeft(forecast)) throw new Error('both reach a later instant');
        const numbers = (pools: ReturnType<typeof listPools>) =>
          pools.map((pool) => ({ poolId: pool.poolId, popup: installRemoveCountsOf(pool), manager: licenseManagerCountsOf(pool) }));
        expect(numbers([...forecast.right])).toEqual(numbers(listPools(advanced.right)));
      }),
      fcParameters(100),
    );
  });
});
