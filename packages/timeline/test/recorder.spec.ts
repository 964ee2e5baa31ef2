import * as E from 'fp-ts/Either';
import { formatInstant, type Instant, type LedgerEvent, parseInstant, replay } from '@license-ledger/core';
import { createTimelineRecorder } from '../src/recorder';
import { replayTimeline } from '../src/replay-timeline';
import type { PoolTimeline } from '../src/timeline';

const t = (iso: string): Instant => {
  const at = parseInstant(iso);
  if (at === undefined) throw new Error(`bad instant in test: ${iso}`);
  return at;
};

let n = 0;
const ev = (type: string, at: string, fields: Record<string, unknown>): LedgerEvent =>
  ({ type, id: `e${++n}`, at: t(at), ...fields }) as unknown as LedgerEvent;

/** A pool's steps as `instant applied/expired/unused` lines. */
const stepsOf = (pool: PoolTimeline | undefined): string[] =>
  (pool?.steps ?? []).map((s) => `${formatInstant(s.at)} ${s.counts.applied}/${s.counts.expired}/${s.counts.unused}`);

const timelineOf = (events: readonly LedgerEvent[], to: string, from?: string) => {
  const result = replayTimeline({ to: t(to), ...(from === undefined ? {} : { from: t(from) }) })(events);
  if (E.isLeft(result)) throw new Error(result.left);
  return result.right.timeline;
};

describe('createTimelineRecorder', () => {
  it('one step per instant at which a count changed: the last value of an instant, none for a change that changes no count', () => {
    const timeline = timelineOf(
      [
        ev('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 3, termDays: 30 }),
        ev('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'p', machineId: 'm1', groupId: 'g' }),
        ev('ModuleInstalled', '2025-01-03T00:00:00Z', { poolId: 'p', machineId: 'm1', groupId: 'g2' }),
      ],
      '2025-03-01T00:00:00Z',
    );
    expect(stepsOf(timeline.pools[0])).toEqual([
      '2025-01-01T00:00:00Z 0/0/3',
      '2025-01-02T00:00:00Z 1/0/2',
      '2025-02-01T00:00:00Z 0/1/2',
    ]);
  });

  it('term ends undone by a rejected event and told again make each step once, in time order (R-L3)', () => {
    const timeline = timelineOf(
      [
        ev('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 3, termDays: 30 }),
        ev('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'p', machineId: 'm1', groupId: 'g' }),
        ev('KesInstalled', '2025-01-06T00:00:00Z', { poolId: 'p', machineId: 'm2', groupId: 'g' }),
        ev('Uninstalled', '2025-02-10T00:00:00Z', { poolId: 'p', machineId: 'ghost' }),
        ev('LicensePurchased', '2025-02-20T00:00:00Z', { poolId: 'q', module: 'KES', quantity: 1 }),
      ],
      '2025-03-01T00:00:00Z',
    );
    expect(stepsOf(timeline.pools[0])).toEqual([
      '2025-01-01T00:00:00Z 1/0/2',
      '2025-01-06T00:00:00Z 2/0/1',
      '2025-01-31T00:00:00Z 1/1/1',
      '2025-02-05T00:00:00Z 0/2/1',
    ]);
  });

  it('a log ending in a rejected event: the ends undone with it come back from advancing to the end, once each', () => {
    const timeline = timelineOf(
      [
        ev('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 3, termDays: 30 }),
        ev('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'p', machineId: 'm1', groupId: 'g' }),
        ev('KesInstalled', '2025-01-06T00:00:00Z', { poolId: 'p', machineId: 'm2', groupId: 'g' }),
        ev('Uninstalled', '2025-02-10T00:00:00Z', { poolId: 'p', machineId: 'ghost' }),
      ],
      '2025-02-03T00:00:00Z',
    );
    expect(stepsOf(timeline.pools[0])).toEqual([
      '2025-01-01T00:00:00Z 1/0/2',
      '2025-01-06T00:00:00Z 2/0/1',
      '2025-01-31T00:00:00Z 1/1/1',
    ]);
  });

  it('changes before `from` make one step at `from`; the timeline starts there', () => {
    const timeline = timelineOf(
      [
        ev('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 3, termDays: 30 }),
        ev('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'p', machineId: 'm1', groupId: 'g' }),
      ],
      '2025-03-01T00:00:00Z',
      '2025-01-15T00:00:00Z',
    );
    expect(formatInstant(timeline.from)).toBe('2025-01-15T00:00:00Z');
    expect(stepsOf(timeline.pools[0])).toEqual(['2025-01-15T00:00:00Z 1/0/2', '2025-02-01T00:00:00Z 0/1/2']);
  });

  it('only the pools asked for are recorded, and a pool purchased after the end is not shown', () => {
    const recorder = createTimelineRecorder({ pools: ['q', 'r'] });
    replay({ onPoolChange: recorder.onPoolChange })([
      ev('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'p', module: 'KES', quantity: 1 }),
      ev('LicensePurchased', '2025-01-02T00:00:00Z', { poolId: 'q', module: 'KAV', quantity: 1 }),
      ev('LicensePurchased', '2025-01-09T00:00:00Z', { poolId: 'r', module: 'KAV', quantity: 1 }),
    ]);
    const timeline = recorder.timeline(t('2025-01-05T00:00:00Z'));
    expect(timeline.pools.map((p) => `${p.poolId} ${p.module}`)).toEqual(['q KAV']);
    expect(formatInstant(timeline.from)).toBe('2025-01-02T00:00:00Z');
  });
});
