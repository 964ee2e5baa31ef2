import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import {
  DAY_MS,
  decodeLog,
  forecastPools,
  type Instant,
  instant,
  type LedgerEvent,
  type ReplayInput,
  replay,
  splitLines,
} from '@license-ledger/core';
import { installRemoveCountsOf } from '@license-ledger/install-remove';
import { usedOf } from '@license-ledger/license-manager';
import { faultyHistory, validHistory } from '@license-ledger/testing';
import { replayTimeline } from '../src/replay-timeline';
import { countsAt, type Timeline, type TimelineCounts } from '../src/timeline';

// Seed and runs are the workspace's (fc.configureGlobal from jest/fast-check-settings.js).

/** What `report --as-of t` shows: the log replayed up to t (events at t included), then time run on to t. */
const reportAt = (inputs: readonly ReplayInput[], at: Instant): Map<string, TimelineCounts> => {
  const { state } = replay({ mode: 'lenient', until: at })(inputs);
  const pools = forecastPools(at)(state);
  if (E.isLeft(pools)) throw new Error(pools.left.message);
  return new Map(
    pools.right.map((pool) => [pool.poolId, { ...installRemoveCountsOf(pool), used: usedOf(pool), max: pool.max }]),
  );
};

/** Every step's instant, the instant just before it, and a few more: where a chart could be wrong. */
const instantsToCheck = (timeline: Timeline, extra: readonly number[]): Instant[] => {
  const all = new Set<number>([
    timeline.from,
    timeline.to,
    ...extra.map((f) => timeline.from + Math.floor(f * (timeline.to - timeline.from))),
  ]);
  for (const pool of timeline.pools) {
    for (const step of pool.steps) {
      all.add(step.at);
      if (step.at - 1 >= timeline.from) all.add(step.at - 1);
    }
  }
  return [...all].sort((a, b) => a - b).map(instant);
};

const expectChartEqualsReport = (
  inputs: readonly ReplayInput[],
  timeline: Timeline,
  extra: readonly number[],
): void => {
  for (const at of instantsToCheck(timeline, extra)) {
    const report = reportAt(inputs, at);
    const chart = new Map(
      timeline.pools.flatMap((pool) => {
        const counts = countsAt(pool, at);
        return counts === undefined ? [] : [[pool.poolId, counts] as const];
      }),
    );
    expect({ at, pools: Object.fromEntries(chart) }).toEqual({ at, pools: Object.fromEntries(report) });
  }
};

const lastInstant = (events: readonly LedgerEvent[]): number => events.reduce((latest, e) => Math.max(latest, e.at), 0);

describe('replayTimeline', () => {
  it("the chart's counts equal the report's at every step, just before it, and in between, up to two years past the last event (R-T4)", () => {
    fc.assert(
      fc.property(
        validHistory(),
        fc.integer({ min: 0, max: 730 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
        (events, days, extra) => {
          fc.pre(events.length > 0);
          const to = instant(lastInstant(events) + days * DAY_MS);
          const result = replayTimeline({ to })(events);
          if (E.isLeft(result)) throw new Error(result.left);
          expectChartEqualsReport(events, result.right.timeline, extra);
        },
      ),
    );
  });

  it('with rejected events and decode errors (a rejected event undoes the expiries before it, R-L3), the chart still equals the report', () => {
    fc.assert(
      fc.property(faultyHistory(), fc.integer({ min: 0, max: 400 }), (history, days) => {
        const inputs = [...decodeLog(splitLines([history.lines.join('\n')]))].flat();
        const last = lastInstant(history.valid);
        fc.pre(last > 0);
        const to = instant(last + days * DAY_MS);
        const result = replayTimeline({ to })(inputs);
        if (E.isLeft(result)) throw new Error(result.left);
        expectChartEqualsReport(inputs, result.right.timeline, []);
      }),
      // Each run replays a faulty log once per instant checked: half the runs.
      { numRuns: Math.ceil((fc.readConfigureGlobal().numRuns ?? 100) / 2) },
    );
  });

  it('a later start and a choice of pools keep the same counts at every instant shown', () => {
    fc.assert(
      fc.property(
        validHistory(),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.boolean(),
        (events, fraction, firstPoolOnly) => {
          fc.pre(events.length > 0);
          const to = instant(lastInstant(events) + 400 * DAY_MS);
          const whole = replayTimeline({ to })(events);
          if (E.isLeft(whole)) throw new Error(whole.left);
          const from = instant(whole.right.timeline.from + Math.floor(fraction * (to - whole.right.timeline.from)));
          const pools = firstPoolOnly ? whole.right.timeline.pools.slice(0, 1).map((p) => p.poolId) : undefined;
          const part = replayTimeline({ to, from, ...(pools === undefined ? {} : { pools }) })(events);
          if (E.isLeft(part)) throw new Error(part.left);
          expect(part.right.timeline.from).toBe(from);
          for (const pool of part.right.timeline.pools) {
            const full = whole.right.timeline.pools.find((p) => p.poolId === pool.poolId);
            expect(pool.steps[0]?.at).toBeGreaterThanOrEqual(from);
            for (const step of pool.steps)
              expect(step.counts).toEqual(full === undefined ? undefined : countsAt(full, step.at));
          }
          expect(part.right.timeline.pools.map((p) => p.poolId)).toEqual(
            (pools ?? whole.right.timeline.pools.map((p) => p.poolId)).filter((id) =>
              whole.right.timeline.pools.some((p) => p.poolId === id && countsAt(p, to) !== undefined),
            ),
          );
        },
      ),
    );
  });
});
