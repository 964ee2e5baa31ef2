import { parseInstant } from '@license-ledger/core';
import { calendarTicks, formatDay } from '../src/calendar-ticks';

const at = (text: string) => {
  const value = parseInstant(text);
  if (value === undefined) throw new Error(`bad instant ${text}`);
  return value;
};
const labels = (from: string, to: string) => calendarTicks(at(from), at(to)).map((tick) => tick.label);

describe('calendarTicks', () => {
  it('a span of about a year and a half is ticked by quarter, the year on the first and on each new year', () => {
    expect(labels('2024-01-02T09:00:00Z', '2025-06-01T00:00:00Z')).toEqual(['Q2 2024', 'Q3', 'Q4', 'Q1 2025', 'Q2']);
  });

  it('a span of under a year is ticked by month', () => {
    expect(labels('2025-01-01T00:00:00Z', '2025-09-10T00:00:00Z')).toEqual([
      'Jan 2025',
      'Feb',
      'Mar',
      'Apr',
      'May',
      'Jun',
      'Jul',
      'Aug',
      'Sep',
    ]);
  });

  it('a span of ten days is ticked by day', () => {
    expect(labels('2025-12-28T00:00:00Z', '2026-01-03T12:00:00Z')).toEqual([
      '28 Dec 2025',
      '29 Dec',
      '30 Dec',
      '31 Dec',
      '1 Jan 2026',
      '2 Jan',
      '3 Jan',
    ]);
  });

  it('a span of two months is ticked by week, on Mondays', () => {
    const ticks = calendarTicks(at('2025-01-01T00:00:00Z'), at('2025-03-01T00:00:00Z'));
    expect(ticks.every((tick) => new Date(tick.at).getUTCDay() === 1)).toBe(true);
    expect(ticks[0]?.label).toBe('6 Jan 2025');
  });

  it('a span of decades is ticked by round years, at most a dozen', () => {
    expect(labels('2020-01-01T00:00:00Z', '2045-09-10T00:00:00Z')).toEqual([
      '2020',
      '2025',
      '2030',
      '2035',
      '2040',
      '2045',
    ]);
  });

  it('an empty range has no tick', () => {
    expect(calendarTicks(at('2025-01-01T00:00:00Z'), at('2025-01-01T00:00:00Z'))).toEqual([]);
  });
});

describe('formatDay', () => {
  it('midnight UTC is a day; any other instant adds its UTC time', () => {
    expect(formatDay(at('2025-06-01T00:00:00Z'))).toBe('1 Jun 2025');
    expect(formatDay(at('2025-06-01T23:30:00Z'))).toBe('1 Jun 2025 23:30 UTC');
  });
});
