/**
 * Instants told to people relative to the report's instant, with date-fns on UTC
 * dates (`@date-fns/utc`): never the local time zone, so the text is the same
 * bytes on every machine. The ledger itself keeps integer milliseconds.
 *
 * @since 0.2.0
 */
import { UTCDate } from '@date-fns/utc';
// One module per function: the package's index loads all of date-fns (~70 ms at start-up).
import { format } from 'date-fns/format';
import { formatDistanceStrict } from 'date-fns/formatDistanceStrict';

/**
 * `when` relative to `asOf`, then its UTC calendar day: `in 3 months, on 2026-01-09`,
 * `2 days ago, on 2025-03-01`, or `now, on 2025-06-01`. Both are ISO-8601 UTC instants
 * as the report prints them.
 *
 * @since 0.2.0
 */
export const relativeTo = (asOf: string, when: string): string => {
  const from = new UTCDate(Date.parse(asOf));
  const to = new UTCDate(Date.parse(when));
  const day = format(to, 'yyyy-MM-dd');
  return to.getTime() === from.getTime()
    ? `now, on ${day}`
    : `${formatDistanceStrict(to, from, { addSuffix: true })}, on ${day}`;
};
