import * as E from 'fp-ts/Either';
import { advanceTo, formatInstant, type Instant, type Pool, type PoolObserver, replay } from '../../src/index';
import { eventBuilder, instantOf } from '@license-ledger/testing';

/** What an observer was told, as `instant pool applied/expired` lines. */
const recorder = () => {
  const told: string[] = [];
  const observer: PoolObserver = (at: Instant, pool: Pool) => {
    const line = `${formatInstant(at)} ${pool.poolId} ${pool.counts.applied}/${pool.counts.expired}`;
    // One event may write its pool more than once (counts, then groups): one line per change told.
    if (told[told.length - 1] !== line) told.push(line);
  };
  return { told, observer };
};

describe('PoolObserver', () => {
  it('a replay tells each pool change at its event, and advanceTo each term end at the end (R-T2, R-T4)', () => {
    const e = eventBuilder();
    const { told, observer } = recorder();
    const { state } = replay({ onPoolChange: observer })([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 2, termDays: 30 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'p', machineId: 'm1', groupId: 'g' }),
    ]);
    // The install reserves a license, then applies it: both at the event's instant.
    expect(told).toEqual(['2025-01-01T00:00:00Z p 0/0', '2025-01-02T00:00:00Z p 0/0', '2025-01-02T00:00:00Z p 1/0']);
    expect(E.isRight(advanceTo(instantOf('2025-03-01T00:00:00Z'), { onPoolChange: observer })(state))).toBe(true);
    expect(told.slice(3)).toEqual(['2025-02-01T00:00:00Z p 0/1']);
  });

  it('a back-dated install whose term already ended shows its expiry from the event, not before it (the log had not told it yet)', () => {
    const e = eventBuilder();
    const { told, observer } = recorder();
    replay({ onPoolChange: observer })([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 2, termDays: 30 }),
      e('KesInstalled', '2025-03-10T00:00:00Z', {
        poolId: 'p',
        machineId: 'm1',
        groupId: 'g',
        installedAt: instantOf('2025-01-01T00:00:00Z'),
      }),
    ]);
    expect(told.every((line) => line.startsWith('2025-01-01') || line.startsWith('2025-03-10'))).toBe(true);
    expect(told.slice(-2)).toEqual(['2025-03-10T00:00:00Z p 1/0', '2025-03-10T00:00:00Z p 0/1']);
  });

  it('the term ends made before a rejected event are undone with it (R-L3) and told again, at the same instants, by the next event', () => {
    const e = eventBuilder();
    const { told, observer } = recorder();
    const result = replay({ onPoolChange: observer })([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 3, termDays: 30 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'p', machineId: 'm1', groupId: 'g' }),
      e('KesInstalled', '2025-01-06T00:00:00Z', { poolId: 'p', machineId: 'm2', groupId: 'g' }),
      e('Uninstalled', '2025-02-10T00:00:00Z', { poolId: 'p', machineId: 'ghost' }),
      e('LicensePurchased', '2025-02-20T00:00:00Z', { poolId: 'q', module: 'KES', quantity: 1 }),
    ]);
    expect(result.stats.rejected).toBe(1);
    expect(told.slice(told.indexOf('2025-01-31T00:00:00Z p 1/1'))).toEqual([
      '2025-01-31T00:00:00Z p 1/1',
      '2025-02-05T00:00:00Z p 0/2', // made for the rejected event, then undone
      '2025-01-31T00:00:00Z p 1/1',
      '2025-02-05T00:00:00Z p 0/2', // made again before the next one
      '2025-02-20T00:00:00Z q 0/0',
    ]);
  });
});
