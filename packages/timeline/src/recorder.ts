import { byId, type Instant, instant, type Pool, type PoolObserver } from '@license-ledger/core';
import { installRemoveCountsOf } from '@license-ledger/install-remove';
import { usedOf } from '@license-ledger/license-manager';
import { COUNT_NAMES, type PoolTimeline, type Timeline, type TimelineCounts } from './timeline';

const WIDTH = COUNT_NAMES.length;

/** One pool's steps so far: instants, and WIDTH numbers per step in COUNT_NAMES order. */
interface Track {
  readonly poolId: string;
  readonly module: string;
  readonly ats: number[];
  readonly values: number[];
}

const countsAt = (track: Track, i: number): TimelineCounts => {
  const v = track.values;
  const o = i * WIDTH;
  return {
    applied: v[o] as number,
    expired: v[o + 1] as number,
    partial: v[o + 2] as number,
    pendingInstalls: v[o + 3] as number,
    extended: v[o + 4] as number,
    other: v[o + 5] as number,
    unused: v[o + 6] as number,
    used: v[o + 7] as number,
    max: v[o + 8] as number,
  };
};

const sameAsStep = (track: Track, i: number, row: readonly number[]): boolean => {
  const o = i * WIDTH;
  for (let k = 0; k < WIDTH; k++) if (track.values[o + k] !== row[k]) return false;
  return true;
};

/**
 * Collects the counts' steps from a replay's pool changes (core's `onPoolChange`).
 *
 * @since 0.1.0
 */
export interface TimelineRecorder {
  /** Give this to `replay`/`replayAsync`/`advanceTo` as `onPoolChange`. */
  readonly onPoolChange: PoolObserver;
  /**
   * The steps recorded up to `to` (later ones are left out). The timeline starts
   * at `from` when it was given, else at the first step of any pool.
   */
  timeline(to: Instant): Timeline;
}

/**
 * What a timeline covers: from an instant (changes before it show as the value
 * at it) and only some pools (none given: every pool).
 *
 * @since 0.1.0
 */
export interface RecorderOptions {
  readonly from?: Instant;
  readonly pools?: readonly string[];
}

/**
 * A recorder of the exact step functions of every pool's counts. Each pool
 * change becomes a step at its instant; several changes at one instant make one
 * step (the last value); a change that leaves every count as it was makes none.
 * A change told again after a rejected event undid it (see core's
 * `PoolObserver`) replaces what was recorded after its instant. Changes before
 * `from` collapse into the value at `from`, so memory follows the steps shown.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, parseInstant, replay, splitLines } from '@license-ledger/core'
 * import { createTimelineRecorder } from '@license-ledger/timeline'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"KesInstalled","id":"e2","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const recorder = createTimelineRecorder()
 * replay({ mode: 'strict', onPoolChange: recorder.onPoolChange })([...decodeLog(splitLines([log]))].flat())
 * const [pool] = recorder.timeline(parseInstant('2025-06-01T00:00:00Z')!).pools
 * assert.equal(pool?.poolId, 'acme-kes')
 * assert.deepStrictEqual(pool?.steps.map((step) => step.counts.applied), [0, 1])
 */
export const createTimelineRecorder = (options: RecorderOptions = {}): TimelineRecorder => {
  const tracks = new Map<string, Track>();
  const wanted = options.pools === undefined ? null : new Set(options.pools);
  const from = options.from ?? -Infinity;
  const row: number[] = new Array<number>(WIDTH).fill(0);

  const onPoolChange: PoolObserver = (at, pool: Pool) => {
    if (wanted !== null && !wanted.has(pool.poolId)) return;
    let track = tracks.get(pool.poolId);
    if (track === undefined) {
      track = { poolId: pool.poolId, module: pool.module, ats: [], values: [] };
      tracks.set(pool.poolId, track);
    }
    const popup = installRemoveCountsOf(pool);
    row[0] = popup.applied;
    row[1] = popup.expired;
    row[2] = popup.partial;
    row[3] = popup.pendingInstalls;
    row[4] = popup.extended;
    row[5] = popup.other;
    row[6] = popup.unused;
    row[7] = usedOf(pool);
    row[8] = pool.max;
    const when = at < from ? from : at;
    const { ats, values } = track;
    // Told again after an undo: what came after this instant is being told again.
    while (ats.length > 0 && (ats[ats.length - 1] as number) > when) {
      ats.pop();
      values.length -= WIDTH;
    }
    let n = ats.length;
    if (n > 0 && ats[n - 1] === when) {
      // Several changes at one instant: the last one is the step.
      ats.pop();
      values.length -= WIDTH;
      n -= 1;
    }
    if (n > 0 && sameAsStep(track, n - 1, row)) return;
    ats.push(when);
    for (let k = 0; k < WIDTH; k++) values.push(row[k] as number);
  };

  return {
    onPoolChange,
    timeline(to) {
      const pools: PoolTimeline[] = [];
      let first = Infinity;
      for (const track of tracks.values()) {
        const steps = [];
        for (let i = 0; i < track.ats.length && (track.ats[i] as number) <= to; i++) {
          steps.push({ at: instant(track.ats[i] as number), counts: countsAt(track, i) });
        }
        const head = steps[0];
        if (head === undefined) continue;
        if (head.at < first) first = head.at;
        pools.push({ poolId: track.poolId, module: track.module, steps });
      }
      const start = Number.isFinite(from) ? from : Number.isFinite(first) ? Math.min(first, to) : to;
      return { from: instant(start), to, pools: pools.sort(byId((p) => p.poolId)) };
    },
  };
};
