/**
 * @license-ledger/timeline: every pool's counts over time — the Install/Remove
 * popup and the License Manager's Used and Max — as exact step functions from one
 * replay (core's `onPoolChange`), and an SVG chart of them.
 *
 * @since 0.1.0
 * @module @license-ledger/timeline
 */
export {
  COUNT_NAMES,
  countsAt,
  type PoolTimeline,
  type Timeline,
  type TimelineCounts,
  type TimelineStep,
} from './timeline';
export { createTimelineRecorder, type RecorderOptions, type TimelineRecorder } from './recorder';
export { replayTimeline, replayTimelineAsync, type TimelineOptions, type TimelineResult } from './replay-timeline';
export { calendarTicks, type CalendarTick, formatDay } from './calendar-ticks';
export { timelineSvg, type SvgOptions } from './timeline-svg';
export { escapeMarkup } from './markup';
