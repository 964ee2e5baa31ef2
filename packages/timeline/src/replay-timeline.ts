import * as E from 'fp-ts/Either';
import {
  advanceTo,
  formatInstant,
  type HashSeed,
  type Instant,
  type LedgerState,
  replay,
  replayAsync,
  type ReplayInput,
  type ReplayMode,
  type ReplayResult,
} from '@license-ledger/core';
import { createTimelineRecorder, type RecorderOptions, type TimelineRecorder } from './recorder';
import type { Timeline } from './timeline';

/**
 * What to chart: `from`..`to` (default: the first purchase to the last event),
 * some pools (default: all), and the replay mode (default `lenient`).
 *
 * @since 0.1.0
 */
export interface TimelineOptions extends RecorderOptions {
  readonly to?: Instant;
  readonly mode?: ReplayMode;
  /** The replay's table hash seed (core's `ReplayOptions.hashSeed`): a random one for an untrusted log. */
  readonly hashSeed?: HashSeed;
}

/**
 * A timeline with the replay it came from and the state at its end (`to`).
 *
 * @since 0.1.0
 */
export interface TimelineResult {
  readonly timeline: Timeline;
  readonly result: ReplayResult;
  readonly state: LedgerState;
}

const badRange = (options: TimelineOptions): string | undefined =>
  options.from !== undefined && options.to !== undefined && options.from > options.to
    ? `the timeline starts at ${formatInstant(options.from)}, after its end ${formatInstant(options.to)}`
    : undefined;

const replayOptions = (options: TimelineOptions, recorder: TimelineRecorder) => ({
  mode: options.mode ?? 'lenient',
  history: 'none' as const,
  onPoolChange: recorder.onPoolChange,
  ...(options.to === undefined ? {} : { until: options.to }),
  ...(options.hashSeed === undefined ? {} : { hashSeed: options.hashSeed }),
});

/**
 * Time runs on from the replay's end to `to` (R-T4), telling the recorder of
 * every expiry, extension takeover and auto-extend on the way: what the ledger
 * knows of the future without another event. A strict replay stopped by a
 * problem stands where it stopped.
 */
const finish = (
  options: TimelineOptions,
  recorder: TimelineRecorder,
  result: ReplayResult,
): E.Either<string, TimelineResult> => {
  const clock = result.state.clock;
  const to = result.stoppedBy === 'strict' ? clock : (options.to ?? clock);
  if (to === null) return E.left('the log has no event, and no end of the timeline was given');
  if (options.from !== undefined && options.from > to)
    return E.left(`the timeline starts at ${formatInstant(options.from)}, after the replay's end ${formatInstant(to)}`);
  const advanced = advanceTo(to, { onPoolChange: recorder.onPoolChange })(result.state);
  if (E.isLeft(advanced)) return E.left(advanced.left.message);
  return E.right({ timeline: recorder.timeline(to), result, state: advanced.right });
};

/**
 * The counts of every pool over time, from one replay of the log: each pool
 * change as the replay makes it (core's `onPoolChange`), then the time-driven
 * changes up to `to` from the last state, never one replay per instant. The
 * steps are exact: a one-day dip is a step down and a step up.
 *
 * @since 0.1.0
 */
export const replayTimeline =
  (options: TimelineOptions = {}) =>
  (inputs: Iterable<ReplayInput>): E.Either<string, TimelineResult> => {
    const bad = badRange(options);
    if (bad !== undefined) return E.left(bad);
    const recorder = createTimelineRecorder(options);
    return finish(options, recorder, replay(replayOptions(options, recorder))(inputs));
  };

/**
 * {@link replayTimeline} over an async source (a log read as it arrives).
 *
 * @since 0.1.0
 */
export const replayTimelineAsync =
  (options: TimelineOptions = {}) =>
  async (inputs: AsyncIterable<ReplayInput | readonly ReplayInput[]>): Promise<E.Either<string, TimelineResult>> => {
    const bad = badRange(options);
    if (bad !== undefined) return E.left(bad);
    const recorder = createTimelineRecorder(options);
    return finish(options, recorder, await replayAsync(replayOptions(options, recorder))(inputs));
  };
