import * as E from 'fp-ts/Either';
import {
  addExactDays,
  advanceTo,
  applyEvent,
  emptyLedger,
  type EventOf,
  type EventType,
  type Instant,
  type LedgerEvent,
  type LedgerState,
  parseInstant,
  type Problem,
  replay,
} from '@license-ledger/core';

/**
 * An instant from ISO-8601 UTC text (`2025-01-15T09:30:00Z`); a typo throws, so
 * it fails the test that wrote it.
 *
 * @since 0.1.0
 * @example instantOf('2025-01-01T00:00:00Z') // 1735689600000
 */
export const instantOf = (iso: string): Instant => {
  const parsed = parseInstant(iso);
  if (parsed === undefined) throw new Error(`not an ISO-8601 UTC instant: ${iso}`);
  return parsed;
};

/**
 * The instant hand-written histories start at: 2025-01-01T00:00:00Z.
 *
 * @since 0.1.0
 * @example T0 === instantOf('2025-01-01T00:00:00Z') // true
 */
export const T0: Instant = instantOf('2025-01-01T00:00:00Z');

/** One hour in milliseconds. @since 0.1.0 @example HOUR_MS // 3600000 */
export const HOUR_MS = 3_600_000;

/**
 * `days` exact days (plus `hours`) after {@link T0}: rules count in days (R-T2, R-T3).
 *
 * @since 0.1.0
 * @example day(65, 5) // T0 + 65 days 5 hours
 */
export const day = (days: number, hours = 0): Instant => (addExactDays(T0, days) + hours * HOUR_MS) as Instant;

/**
 * The fields of one event type, without `type`, `id` and `at`.
 *
 * @since 0.1.0
 * @example const f: EventFields<'Extended'> = { poolId: 'kes', machineId: 'ws-1', count: 1 }
 */
export type EventFields<T extends EventType> = Omit<EventOf<T>, 'type' | 'id' | 'at'>;

/**
 * Builds events of any type with ids `e1`, `e2`, … in call order; `at` is ISO text or an instant.
 * A test whose assertions name an event may give its id (the numbering goes on regardless).
 *
 * @since 0.1.0
 * @example
 * import { eventBuilder } from '@license-ledger/testing'
 * const e = eventBuilder()
 * e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 4 }).id // 'e1'
 */
export type EventBuilder = <T extends EventType>(
  type: T,
  at: string | Instant,
  fields: EventFields<T>,
  id?: string,
) => EventOf<T>;

/**
 * A fresh {@link EventBuilder}: the one way tests of every package write events by hand.
 *
 * @since 0.1.0
 * @example
 * import { eventBuilder } from '@license-ledger/testing'
 * const e = eventBuilder()
 * e('RecoveryRun', '2025-02-01T00:00:00Z', {}).type // 'RecoveryRun'
 */
export const eventBuilder = (prefix = 'e'): EventBuilder => {
  let n = 0;
  const build = <T extends EventType>(
    type: T,
    at: string | Instant,
    fields: EventFields<T>,
    id?: string,
  ): EventOf<T> => {
    n += 1;
    return {
      type,
      id: id ?? `${prefix}${n}`,
      at: typeof at === 'string' ? instantOf(at) : at,
      ...fields,
    } as unknown as EventOf<T>;
  };
  return build;
};

/**
 * One event without its id, as {@link numbered} takes it.
 *
 * @since 0.1.0
 * @example const s: Step = { type: 'RecoveryRun', at: T0 }
 */
export type Step = { [T in EventType]: { readonly type: T; readonly at: Instant } & EventFields<T> }[EventType];

/**
 * Gives every step an id `e1`, `e2`, … in order: a history written as a list of objects.
 *
 * @since 0.1.0
 * @example numbered([{ type: 'RecoveryRun', at: T0 }])[0].id // 'e1'
 */
export const numbered = (steps: readonly Step[]): LedgerEvent[] =>
  steps.map((step, index) => ({ ...step, id: `e${index + 1}` }));

const describeProblems = (problems: readonly Problem[]): string =>
  problems
    .map((p) => `  ${p.line === null ? '' : `line ${p.line} `}${p.eventId ?? '?'} ${p.rule}: ${p.message}`)
    .join('\n');

/**
 * The state after a history that must apply in full (strict replay); a rejected
 * event throws with its id, rule and reason.
 *
 * @since 0.1.0
 * @example replayedClean([]).clock // null
 */
export const replayedClean = (events: readonly LedgerEvent[]): LedgerState => {
  const result = replay({ mode: 'strict' })(events);
  if (result.problems.length > 0)
    throw new Error(`the history should apply in full:\n${describeProblems(result.problems)}`);
  return result.state;
};

/**
 * The state with time run forward to `when` (R-T4); an instant before its clock throws.
 *
 * @since 0.1.0
 * @example advancedTo(replayedClean(history), day(400))
 */
export const advancedTo = (state: LedgerState, when: Instant | string): LedgerState => {
  const moved = advanceTo(typeof when === 'string' ? instantOf(when) : when)(state);
  if (E.isLeft(moved)) throw new Error(moved.left.message);
  return moved.right;
};

/**
 * The state after steps that must apply in full: {@link numbered}, then {@link replayedClean}.
 *
 * @since 0.1.0
 * @example ledgerOf([{ type: 'LicensePurchased', at: T0, poolId: 'kes', module: 'KES', quantity: 4 }]).pools.size // 1
 */
export const ledgerOf = (steps: readonly Step[]): LedgerState => replayedClean(numbered(steps));

/**
 * The ledger as of `when`: the steps up to it (docs/report-json.md), which must apply in
 * full, then time run forward to it (R-T4).
 *
 * @since 0.1.0
 * @example ledgerAt(steps, day(400)).clock === day(400) // true
 */
export const ledgerAt = (steps: readonly Step[], when: Instant): LedgerState => {
  const result = replay({ mode: 'strict', until: when })(numbered(steps));
  if (result.problems.length > 0)
    throw new Error(`the history should apply in full:\n${describeProblems(result.problems)}`);
  return advancedTo(result.state, when);
};

/**
 * The value of a Right; a Left throws with its message.
 *
 * @since 0.1.0
 * @example rightOf(E.right(1)) // 1
 */
export const rightOf = <A>(either: E.Either<string | { readonly message: string }, A>): A => {
  if (E.isLeft(either))
    throw new Error(`expected Right, got Left: ${typeof either.left === 'string' ? either.left : either.left.message}`);
  return either.right;
};

/**
 * The state after each event of a history, in order, with the event: one
 * `applyEvent` per event (pure, so every state yielded stays valid). A rejected
 * event yields the state it was given (R-L3).
 *
 * @since 0.1.0
 * @example for (const { event, state } of statesAlong(history)) check(state)
 */
export function* statesAlong(
  events: readonly LedgerEvent[],
): Generator<{ readonly event: LedgerEvent; readonly state: LedgerState }> {
  let state = emptyLedger();
  for (const event of events) {
    state = applyEvent(event)(state).state;
    yield { event, state };
  }
}
