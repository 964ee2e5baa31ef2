import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { forecastPools, getPool, listPools, type LedgerState, type Pool, unusedCount } from '../../src/index';
import { at, eventBuilder, replayClean, t } from '../support/events';

const numbers = (pool: Pool) => ({ poolId: pool.poolId, counts: pool.counts, unused: unusedCount(pool), partial: pool.partials.size, nextFresh: pool.nextFresh });

const scenario = (): LedgerState => {
  const e = eventBuilder();
  return replayClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 6 }),
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'short', module: 'KES', quantity: 2, termDays: 30 }),
    e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'queued', groupId: 'hq' }),
    e('Extended', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'queued', count: 2 }),
    e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'auto', groupId: 'hq' }),
    e('AutoExtendSet', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'auto', enabled: true }),
    e('KesInstalled', '2025-01-05T00:00:00Z', { poolId: 'kes', machineId: 'plain', groupId: 'hq' }),
    e('KesInstalled', '2025-01-06T00:00:00Z', { poolId: 'short', machineId: 'auto-fails', groupId: 'hq' }),
    e('AutoExtendSet', '2025-01-06T00:00:00Z', { poolId: 'short', machineId: 'auto-fails', enabled: true }),
    e('KesInstalled', '2025-01-07T00:00:00Z', { poolId: 'short', machineId: 'uninstalled', groupId: 'hq' }),
    e('Uninstalled', '2025-01-08T00:00:00Z', { poolId: 'short', machineId: 'uninstalled' }),
  ]);
};

describe('forecastPools', () => {
  test('R-T4: gives every pool as advanceTo would, through expiries, takeovers and auto-extends (R-X2, R-X4)', () => {
    const state = scenario();
    for (const iso of ['2025-01-08T00:00:00Z', '2025-02-06T00:00:00Z', '2026-01-01T00:00:00Z', '2026-01-03T00:00:00Z', '2028-06-01T00:00:00Z']) {
      const forecast = pipe(state, forecastPools(t(iso)), E.getOrElseW((m) => { throw new Error(m); }));
      expect(forecast.map(numbers)).toEqual(listPools(at(state, iso)).map(numbers));
    }
  });

  test('R-T4: the state it was given is untouched', () => {
    const state = scenario();
    const before = numbers(getPool(state, 'kes')!);
    forecastPools(t('2030-01-01T00:00:00Z'))(state);
    expect(numbers(getPool(state, 'kes')!)).toEqual(before);
    expect(numbers(getPool(at(state, '2030-01-01T00:00:00Z'), 'kes')!)).not.toEqual(before);
  });

  test('R-T4: an instant before the clock is a Left', () => {
    expect(E.isLeft(forecastPools(t('2024-01-01T00:00:00Z'))(scenario()))).toBe(true);
  });
});
