import { formatInstant, type Instant, type LedgerEvent } from '@license-ledger/core';

// Decoding turns these wire strings into epoch milliseconds; writing turns them back.
const INSTANT_FIELDS: ReadonlySet<string> = new Set(['at', 'installedAt', 'expiresAt']);

const toWire = (value: unknown, key: string): unknown => {
  if (typeof value === 'number' && INSTANT_FIELDS.has(key)) return formatInstant(value as Instant);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = toWire(v, k);
  return out;
};

/**
 * Writes one event as an audit-log line (docs/events.md, R-L1): instants as
 * ISO-8601 UTC with `Z`, `type`, `id` and `at` first, no trailing newline.
 * Decoding the line gives the event back, so generated histories can be fed
 * through the same reader a real log goes through.
 *
 * @since 0.1.0
 * @example
 * import { parseInstant } from '@license-ledger/core'
 * import { eventToLine } from '@license-ledger/testing'
 * eventToLine({ type: 'RecoveryRun', id: 'e1', at: parseInstant('2025-01-01T00:00:00Z')! })
 * // '{"type":"RecoveryRun","id":"e1","at":"2025-01-01T00:00:00Z"}'
 */
export const eventToLine = (event: LedgerEvent): string => {
  const { type, id, at, ...rest } = event;
  return JSON.stringify({ type, id, at: formatInstant(at), ...(toWire(rest, '') as Record<string, unknown>) });
};
