import { utc } from '@date-fns/utc';
// One module per function: the package's index loads all of date-fns (~70 ms at start-up).
import { eachDayOfInterval } from 'date-fns/eachDayOfInterval';
import { eachMonthOfInterval } from 'date-fns/eachMonthOfInterval';
import { eachQuarterOfInterval } from 'date-fns/eachQuarterOfInterval';
import { eachWeekOfInterval } from 'date-fns/eachWeekOfInterval';
import { eachYearOfInterval } from 'date-fns/eachYearOfInterval';
import { format } from 'date-fns/format';
import { DAY_MS, type Instant, instant } from '@license-ledger/core';

/**
 * A tick of a dated axis: its instant (midnight UTC at the start of a calendar
 * unit) and its label.
 *
 * @since 0.1.0
 */
export interface CalendarTick {
  readonly at: Instant;
  readonly label: string;
}

/** At most this many labelled ticks on an axis, so labels never overlap at the chart's width. */
const MOST_TICKS = 12;

type Unit = 'day' | 'week' | 'month' | 'quarter' | 'year';

interface Scale {
  readonly unit: Unit;
  readonly step: number;
}

/** The finest calendar unit (and step) whose ticks over `days` stay within MOST_TICKS: days, weeks, months, quarters, years. */
const scaleFor = (days: number): Scale => {
  const scales: readonly Scale[] = [
    { unit: 'day', step: 1 },
    { unit: 'day', step: 2 },
    { unit: 'week', step: 1 },
    { unit: 'week', step: 2 },
    { unit: 'month', step: 1 },
    { unit: 'quarter', step: 1 },
    { unit: 'quarter', step: 2 },
  ];
  const length: Record<Unit, number> = { day: 1, week: 7, month: 30.44, quarter: 91.31, year: 365.25 };
  for (const scale of scales) if (days / (length[scale.unit] * scale.step) <= MOST_TICKS - 1) return scale;
  for (const step of [1, 2, 5, 10, 20, 50, 100])
    if (days / (length.year * step) <= MOST_TICKS - 1) return { unit: 'year', step };
  return { unit: 'year', step: Math.ceil(days / length.year / (MOST_TICKS - 1)) };
};

const startsOf = (unit: Unit, start: Date, end: Date, step: number): readonly Date[] => {
  const interval = { start, end };
  switch (unit) {
    case 'day':
      return eachDayOfInterval(interval, { step, in: utc });
    case 'week':
      // ISO weeks start on Monday.
      return eachWeekOfInterval(interval, { weekStartsOn: 1, in: utc }).filter((_, i) => i % step === 0);
    case 'month':
      return eachMonthOfInterval(interval, { in: utc }).filter((d) => d.getUTCMonth() % step === 0);
    case 'quarter':
      return eachQuarterOfInterval(interval, { in: utc }).filter((d) => Math.floor(d.getUTCMonth() / 3) % step === 0);
    case 'year':
      return eachYearOfInterval(interval, { in: utc }).filter((d) => d.getUTCFullYear() % step === 0);
  }
};

/** A tick's label: the year is spelled out on the first tick and wherever it changes. */
const labelOf = (unit: Unit, date: Date, previous: Date | undefined): string => {
  const newYear = previous === undefined || previous.getUTCFullYear() !== date.getUTCFullYear();
  switch (unit) {
    case 'day':
    case 'week':
      return format(date, newYear ? 'd MMM yyyy' : 'd MMM', { in: utc });
    case 'month':
      return format(date, newYear ? 'MMM yyyy' : 'MMM', { in: utc });
    case 'quarter':
      return format(date, newYear ? 'QQQ yyyy' : 'QQQ', { in: utc });
    case 'year':
      return format(date, 'yyyy', { in: utc });
  }
};

/**
 * Calendar ticks for a dated axis over `from`..`to`, in UTC whatever the
 * machine's time zone: days, weeks (Mondays), months, quarters or years, the
 * finest that keeps about a dozen ticks at most. Only ticks within the range
 * are given.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { parseInstant } from '@license-ledger/core'
 * import { calendarTicks } from '@license-ledger/timeline'
 * const ticks = calendarTicks(parseInstant('2024-01-02T09:00:00Z')!, parseInstant('2025-06-01T00:00:00Z')!)
 * assert.deepStrictEqual(ticks.map((tick) => tick.label), ['Q2 2024', 'Q3', 'Q4', 'Q1 2025', 'Q2'])
 */
export const calendarTicks = (from: Instant, to: Instant): readonly CalendarTick[] => {
  if (!(to > from)) return [];
  const { unit, step } = scaleFor((to - from) / DAY_MS);
  const dates = startsOf(unit, utc(from), utc(to), step).filter((d) => d.getTime() >= from && d.getTime() <= to);
  return dates.map((date, i) => ({ at: instant(date.getTime()), label: labelOf(unit, date, dates[i - 1]) }));
};

/**
 * An instant as the page and the chart show it: `1 Jun 2025` at midnight UTC, else with the UTC time.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { parseInstant } from '@license-ledger/core'
 * import { formatDay } from '@license-ledger/timeline'
 * assert.equal(formatDay(parseInstant('2025-06-01T00:00:00Z')!), '1 Jun 2025')
 */
export const formatDay = (at: Instant): string =>
  format(utc(at), at % DAY_MS === 0 ? 'd MMM yyyy' : "d MMM yyyy HH:mm 'UTC'", { in: utc });
