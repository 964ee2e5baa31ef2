/**
 * Instants are epoch milliseconds (UTC), decoded once at the edge. Days are exactly
 * 24 h of UTC time (R-T2): no time zones, no calendar arithmetic, no DST.
 *
 * @since 0.1.0
 */

/**
 * Milliseconds since the Unix epoch, UTC.
 *
 * @since 0.1.0
 * @example
 * import { Instant } from '@license-ledger/core'
 * import { parseInstant } from '@license-ledger/core'
 * parseInstant('2025-01-15T09:30:00Z') // 1736933400000 as Instant
 */
export type Instant = number & { readonly Instant: unique symbol };

/**
 * One day: exactly 24 h (R-T2).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { DAY_MS } from '@license-ledger/core'
 * assert.deepStrictEqual(DAY_MS, 86400000)
 */
export const DAY_MS = 86_400_000;

/**
 * Milliseconds since the epoch as an `Instant` (no check: use `parseInstant` for user input).
 *
 * @since 0.1.0
 * @example
 * import { instant } from '@license-ledger/core'
 * instant(0) // the epoch
 */
export const instant = (ms: number): Instant => ms as Instant;

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

// Proleptic Gregorian, as ISO 8601: year 0 is a leap year (Date.UTC would read years 0–99 as 1900–1999).
const isLeapYear = (year: number): boolean => year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;
const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);

/**
 * The latest instant a log can write (`9999-12-31T23:59:59.999Z`): four-digit years.
 *
 * @since 0.2.0
 * @example
 * import { MAX_LOG_INSTANT, formatInstant } from '@license-ledger/core'
 * formatInstant(MAX_LOG_INSTANT) // '9999-12-31T23:59:59.999Z'
 */
export const MAX_LOG_INSTANT = 253_402_300_799_999 as Instant;

/**
 * The latest instant a JavaScript `Date` holds (8.64·10^15 ms, year 275760),
 * so the latest the ledger can print.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { MAX_PRINTABLE_INSTANT } from '@license-ledger/core'
 * assert.deepStrictEqual(new Date(MAX_PRINTABLE_INSTANT).toISOString(), '+275760-09-13T00:00:00.000Z')
 */
export const MAX_PRINTABLE_INSTANT = 8_640_000_000_000_000 as Instant;

/**
 * The longest term (`termDays` of a purchase or a key) the log may give: a term
 * starting at the latest instant a log can write still ends at an instant the
 * ledger can print (R-T2, R-L2). About 265 000 years.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { MAX_TERM_DAYS } from '@license-ledger/core'
 * assert.deepStrictEqual(MAX_TERM_DAYS, 97067103)
 */
export const MAX_TERM_DAYS = Math.floor((MAX_PRINTABLE_INSTANT - MAX_LOG_INSTANT) / 86_400_000);

/**
 * Parses `YYYY-MM-DDTHH:MM:SS[.sss]Z` exactly (R-T1). Anything else, including
 * an offset other than `Z`, a 31st of April or a 29th of February outside a leap year, is `undefined`.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { parseInstant } from '@license-ledger/core'
 * parseInstant('2024-02-29T00:00:00Z') // defined: 2024 is a leap year
 * assert.deepStrictEqual(parseInstant('2025-02-29T00:00:00Z'), undefined)
 */
export const parseInstant = (text: string): Instant | undefined => {
  const m = ISO_UTC.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  // Date.UTC maps years 0–99 to 1900–1999 (and 1900 has no 29 February): start from
  // the leap year 2000, then set the real year, month and day together.
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year, month - 1, day);
  return date.getTime() as Instant;
};

/**
 * ISO-8601 UTC with a `Z`; milliseconds only when not zero, as the audit log writes them.
 *
 * @since 0.1.0
 * @example
 * import { formatInstant, parseInstant } from '@license-ledger/core'
 * formatInstant(parseInstant('2025-01-15T09:30:00Z')!) // '2025-01-15T09:30:00Z'
 */
export const formatInstant = (at: Instant): string => {
  const iso = new Date(at).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
};

/**
 * The instant `days` exact days after `at`: `days` × 24 h of UTC time (R-T2).
 * Not date-fns's calendar `addDays`, which keeps the wall-clock time across a
 * daylight-saving change in the local time zone; a term here is exact time.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { addExactDays, instant } from '@license-ledger/core'
 * assert.deepStrictEqual(addExactDays(instant(0), 1), 86400000)
 */
export const addExactDays = (at: Instant, days: number): Instant => (at + days * DAY_MS) as Instant;

/**
 * Whole days elapsed from `from` to `to`, rounded down (R-T3): 65 days and 5 hours is 65.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { DAY_MS, instant, wholeDaysBetween } from '@license-ledger/core'
 * assert.deepStrictEqual(wholeDaysBetween(instant(0), instant(65 * DAY_MS + 5 * 3_600_000)), 65)
 */
export const wholeDaysBetween = (from: Instant, to: Instant): number => Math.floor((to - from) / DAY_MS);
