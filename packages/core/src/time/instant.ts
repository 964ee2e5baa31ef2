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
 * import { parseInstant } from '@license-ledger/core'
 * parseInstant('2025-01-15T09:30:00Z') // 1736933400000 as Instant
 */
export type Instant = number & { readonly Instant: unique symbol };

/** One day: exactly 24 h (R-T2). @since 0.1.0 @example DAY_MS // 86400000 */
export const DAY_MS = 86_400_000;

/** @since 0.1.0 @example instant(0) // the epoch */
export const instant = (ms: number): Instant => ms as Instant;

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

const daysInMonth = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/**
 * Parses `YYYY-MM-DDTHH:MM:SS[.sss]Z` exactly (R-T1). Anything else, including
 * an offset other than `Z`, a 31st of April or a 29th of February outside a leap year, is `undefined`.
 *
 * @since 0.1.0
 * @example
 * parseInstant('2024-02-29T00:00:00Z') // defined: 2024 is a leap year
 * parseInstant('2025-02-29T00:00:00Z') // undefined
 */
export const parseInstant = (text: string): Instant | undefined => {
  const m = ISO_UTC.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [
    number, number, number, number, number, number,
  ];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const millis = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis);
  // Date.UTC maps years 0–99 to 1900–1999; setUTCFullYear undoes that.
  const date = new Date(ms);
  date.setUTCFullYear(year);
  return date.getTime() as Instant;
};

/**
 * ISO-8601 UTC with a `Z`; milliseconds only when not zero, as the audit log writes them.
 *
 * @since 0.1.0
 * @example formatInstant(parseInstant('2025-01-15T09:30:00Z')!) // '2025-01-15T09:30:00Z'
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
 * @example addExactDays(instant(0), 1) // 86400000
 */
export const addExactDays = (at: Instant, days: number): Instant => (at + days * DAY_MS) as Instant;

/**
 * Whole days elapsed from `from` to `to`, rounded down (R-T3): 65 days and 5 hours is 65.
 *
 * @since 0.1.0
 * @example wholeDaysBetween(instant(0), instant(65 * DAY_MS + 5 * 3_600_000)) // 65
 */
export const wholeDaysBetween = (from: Instant, to: Instant): number => Math.floor((to - from) / DAY_MS);
