import * as E from 'fp-ts/Either';
import type * as t from 'io-ts';
import { eventCodecs, type LedgerEvent } from './ledger-event';
import { echo, MAX_ECHO_CHARS } from '../log/json-structure';
import { isRecord } from './records';

/**
 * One reason a line is not a valid event: the field path (`key.termDays`, or
 * empty for the line as a whole), what was expected there and what was found.
 *
 * @since 0.1.0
 */
export interface DecodeIssue {
  readonly path: string;
  readonly expected: string;
  readonly actual: string;
}

/**
 * Rewrites a raw event of an older or newer wire version into the shape of the
 * current version (1), so a new version never reaches the reducers.
 *
 * @since 0.1.0
 */
export type Upcaster = (
  raw: Readonly<Record<string, unknown>>,
) => E.Either<readonly DecodeIssue[], Record<string, unknown>>;

/**
 * The event version (`v`) this release reads natively; older versions need an upcaster (`DecodeOptions`).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { CURRENT_VERSION } from '@license-ledger/core'
 * assert.deepStrictEqual(CURRENT_VERSION, 1)
 */
export const CURRENT_VERSION = 1;

/**
 * Options of `decodeEvent` and the log decoders: upcasters that bring older event versions (`v`) up to the current one.
 *
 * @since 0.1.0
 */
export interface DecodeOptions {
  /** Keyed by the wire version they read. */
  readonly upcasters?: ReadonlyMap<number, Upcaster>;
  /**
   * Whether the log decoders (`decodeLog`, `decodeLogAsync`) give every
   * repeated pool, machine, group and module id of a log as one shared string
   * (default true): a ledger built from the events then holds each id once.
   * False for a log whose events are only checked and dropped (`validate`):
   * sharing costs a lookup per id. The events are equal either way.
   *
   * @since 0.4.0
   */
  readonly shareIds?: boolean;
}

/**
 * The value as the line wrote it, cut short (`echo`): never recursive on the
 * value's depth (a value from code may nest deeper than any line may), and a
 * number JSON cannot print (`1e400` parses to Infinity) is named, not "null".
 */
const describe = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value} (a number out of range)`;
  if (typeof value === 'string') {
    return value.length <= MAX_ECHO_CHARS
      ? JSON.stringify(value)
      : `${JSON.stringify(value.slice(0, MAX_ECHO_CHARS))}… (${value.length} characters)`;
  }
  try {
    // JSON.stringify gives undefined for a function or a symbol (a value from code, never from a line).
    return echo(JSON.stringify(value) ?? `a ${typeof value}`);
  } catch {
    return Array.isArray(value) ? 'an array nested too deeply to print' : 'a value that cannot be printed';
  }
};

const pathOf = (error: t.ValidationError): string =>
  error.context
    .slice(1)
    .map((entry) => entry.key)
    .filter((key) => key !== '' && !/^\d+$/.test(key))
    .map((key) => echo(key))
    .join('.');

const toIssues = (errors: t.Errors): DecodeIssue[] =>
  errors.map((error) => ({
    path: pathOf(error),
    expected: error.message ?? error.context[error.context.length - 1]?.type.name ?? 'a valid value',
    actual: describe(error.value),
  }));

const issue = (path: string, expected: string, value: unknown): readonly DecodeIssue[] => [
  { path, expected, actual: describe(value) },
];

/**
 * Issues named in one message; the rest are counted.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { MAX_LISTED_ISSUES } from '@license-ledger/core'
 * assert.deepStrictEqual(MAX_LISTED_ISSUES, 5)
 */
export const MAX_LISTED_ISSUES = 5;

/** What one field says about another, which the codecs alone cannot check (R-L2). */
export const crossFieldIssues = (event: LedgerEvent): readonly DecodeIssue[] => {
  if (event.type === 'KesInstalled' && event.installedAt !== undefined && event.installedAt > event.at) {
    return issue('installedAt', 'an instant at or before "at"', new Date(event.installedAt).toISOString());
  }
  if (event.type === 'ActivationCodeRenewal' && event.succeeded !== (event.key !== undefined)) {
    return issue('key', event.succeeded ? 'the new key (renewal succeeded)' : 'no key (renewal failed)', event.key);
  }
  return [];
};

/**
 * Decodes one parsed JSON value into a ledger event (R-L2), or lists every issue
 * found, each naming its field path. Reads `v` (default 1) and runs the matching
 * upcaster for any other version.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeEvent, formatIssues } from '@license-ledger/core'
 * const ok = decodeEvent({ type: 'RecoveryRun', id: 'e1', at: '2025-01-01T00:00:00Z' })
 * assert(ok._tag === 'Right' && ok.right.type === 'RecoveryRun')
 * const bad = decodeEvent({ type: 'LicensePurchased', id: 'e2', at: '2025-01-01T00:00:00Z', poolId: 'acme-kes', module: 'KES', quantity: 0 })
 * assert(bad._tag === 'Left')
 * assert.match(formatIssues(bad.left), /quantity/) // the issue names the field
 */
export const decodeEvent = (
  raw: unknown,
  options: DecodeOptions = {},
): E.Either<readonly DecodeIssue[], LedgerEvent> => {
  if (!isRecord(raw)) return E.left(issue('', 'a JSON object (one event per line)', raw));
  const version = raw['v'] ?? CURRENT_VERSION;
  let record: Record<string, unknown> = raw;
  if (version !== CURRENT_VERSION) {
    const upcast = typeof version === 'number' ? options.upcasters?.get(version) : undefined;
    if (upcast === undefined) return E.left(issue('v', `a known schema version (${CURRENT_VERSION})`, version));
    const upcasted = upcast(raw);
    if (E.isLeft(upcasted)) return upcasted;
    record = upcasted.right;
  }
  const type = record['type'];
  const codec = typeof type === 'string' ? eventCodecs.get(type) : undefined;
  if (codec === undefined) return E.left(issue('type', 'a known event type', type));
  const decoded = codec.decode(record);
  if (E.isLeft(decoded)) return E.left(toIssues(decoded.left));
  const event = decoded.right as LedgerEvent;
  const problems = crossFieldIssues(event);
  return problems.length > 0 ? E.left(problems) : E.right(event);
};

/**
 * One line of text for a list of issues: `quantity: expected an integer from 1 to 1000000000, got 0`.
 * At most `MAX_LISTED_ISSUES` are listed, then `and N more`, so a line with
 * thousands of unknown fields makes a short message.
 *
 * @since 0.1.0
 * @example
 * import { formatIssues } from '@license-ledger/core'
 * formatIssues([{ path: 'id', expected: 'a non-empty string', actual: '""' }])
 */
export const formatIssues = (issues: readonly DecodeIssue[]): string => {
  const listed = issues
    .slice(0, MAX_LISTED_ISSUES)
    .map((i) =>
      i.expected === 'no such field'
        ? `${i.path}: unknown field`
        : `${i.path === '' ? 'line' : i.path}: expected ${i.expected}, got ${i.actual}`,
    );
  const more = issues.length - listed.length;
  return (more > 0 ? [...listed, `and ${more} more`] : listed).join('; ');
};
