import {
  addExactDays,
  DAY_MS,
  formatInstant,
  instant,
  MAX_LOG_INSTANT,
  MAX_PRINTABLE_INSTANT,
  MAX_TERM_DAYS,
  parseInstant,
  wholeDaysBetween,
} from '../../src/index';

describe('parseInstant', () => {
  test('R-T1: reads ISO-8601 UTC with Z, milliseconds optional', () => {
    expect(parseInstant('2025-01-15T09:30:00Z')).toBe(Date.UTC(2025, 0, 15, 9, 30));
    expect(parseInstant('2025-01-15T09:30:00.5Z')).toBe(Date.UTC(2025, 0, 15, 9, 30, 0, 500));
    expect(parseInstant('2025-01-15T09:30:00.123Z')).toBe(Date.UTC(2025, 0, 15, 9, 30, 0, 123));
  });

  test('R-T1: leap years: 29 February exists in 2024 and 2000, not in 2025 or 1900', () => {
    expect(parseInstant('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
    expect(parseInstant('2000-02-29T00:00:00Z')).toBe(Date.UTC(2000, 1, 29));
    expect(parseInstant('2025-02-29T00:00:00Z')).toBeUndefined();
    expect(parseInstant('1900-02-29T00:00:00Z')).toBeUndefined();
  });

  test('R-T1: rejects offsets, missing Z, impossible fields and sub-millisecond digits', () => {
    for (const text of [
      '2025-01-15T09:30:00+00:00',
      '2025-01-15T09:30:00',
      '2025-04-31T00:00:00Z',
      '2025-01-15T24:00:00Z',
      '2025-01-15T09:60:00Z',
      '2025-01-15T09:30:00.1234Z',
      ' 2025-01-15T09:30:00Z',
    ]) {
      expect(parseInstant(text)).toBeUndefined();
    }
  });

  test('R-T1: year 0 is a leap year (ISO 8601, proleptic Gregorian): 0000-02-29 exists, 0100-02-29 does not', () => {
    expect(formatInstant(parseInstant('0000-02-29T00:00:00Z')!)).toBe('0000-02-29T00:00:00Z');
    expect(formatInstant(parseInstant('0004-02-29T12:00:00Z')!)).toBe('0004-02-29T12:00:00Z');
    expect(parseInstant('0100-02-29T00:00:00Z')).toBeUndefined();
    expect(formatInstant(parseInstant('0400-02-29T00:00:00Z')!)).toBe('0400-02-29T00:00:00Z');
  });

  test('R-T2 (F6): the latest instant a log can write plus the longest term still prints', () => {
    expect(parseInstant('9999-12-31T23:59:59.999Z')).toBe(MAX_LOG_INSTANT);
    const end = addExactDays(MAX_LOG_INSTANT, MAX_TERM_DAYS);
    expect(end).toBeLessThanOrEqual(MAX_PRINTABLE_INSTANT);
    expect(() => formatInstant(end)).not.toThrow();
    expect(addExactDays(MAX_LOG_INSTANT, MAX_TERM_DAYS + 1)).toBeGreaterThan(MAX_PRINTABLE_INSTANT);
  });

  test('R-T1: years below 100 are not shifted into the 1900s', () => {
    expect(formatInstant(parseInstant('0099-01-01T00:00:00Z')!)).toBe('0099-01-01T00:00:00Z');
  });
});

describe('formatInstant', () => {
  test('writes Z and milliseconds only when they are not zero', () => {
    expect(formatInstant(instant(Date.UTC(2025, 0, 1)))).toBe('2025-01-01T00:00:00Z');
    expect(formatInstant(instant(Date.UTC(2025, 0, 1, 0, 0, 0, 7)))).toBe('2025-01-01T00:00:00.007Z');
  });
});

describe('addExactDays', () => {
  test('R-T2: a day is exactly 24 h of UTC time, across leap days', () => {
    expect(formatInstant(addExactDays(parseInstant('2024-02-28T12:00:00Z')!, 1))).toBe('2024-02-29T12:00:00Z');
    expect(formatInstant(addExactDays(parseInstant('2024-01-01T00:00:00Z')!, 365))).toBe('2024-12-31T00:00:00Z');
  });
});

describe('wholeDaysBetween', () => {
  test('R-T3: days used are whole days elapsed, rounded down: 65 days and 5 hours is 65', () => {
    const start = parseInstant('2025-01-02T08:30:00Z')!;
    expect(wholeDaysBetween(start, instant(start + 65 * DAY_MS + 5 * 3_600_000))).toBe(65);
    expect(wholeDaysBetween(start, instant(start + 65 * DAY_MS - 1))).toBe(64);
  });
});
