import { crossFieldIssues, formatIssues } from './decode';
import { eventCodecs, type LedgerEvent } from './ledger-event';
import { isRecord } from './records';
import { mismatchOf } from './struct';

const shown = (value: unknown): string => {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined)
    return String(value);
  return typeof value;
};

/**
 * Why a value handed to the ledger as an event is not one, or `undefined` when
 * it is: the check `applyEvent` and replay make of events that did not come
 * through `decodeEvent` (built in code, or changed after decoding). It is the
 * codecs' `is` (the decoded shape: `at` in epoch milliseconds, `quantity` a
 * whole number, no unknown field) plus the checks between fields, so a bad
 * object is rejected with a reason (R-L2) rather than stored or thrown on.
 *
 * @since 0.2.0
 * @example
 * eventProblem({ type: 'Bogus', id: 'e1', at: 0 }) // 'type: expected a known event type, got "Bogus"'
 */
export const eventProblem = (value: unknown): string | undefined => {
  if (!isRecord(value))
    return `expected an event object, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`;
  const type = value['type'];
  const codec = typeof type === 'string' ? eventCodecs.get(type) : undefined;
  if (codec === undefined || typeof type !== 'string') return `type: expected a known event type, got ${shown(type)}`;
  if (!codec.is(value)) return `${type}: ${mismatchOf(codec, value) ?? 'not of its decoded type'}`;
  const issues = crossFieldIssues(value as LedgerEvent);
  return issues.length > 0 ? `${type}: ${formatIssues(issues)}` : undefined;
};

/** The id to report a bad event under: its `id` when that is a string. */
export const claimedId = (value: unknown): string =>
  isRecord(value) && typeof value['id'] === 'string' ? value['id'] : '';
