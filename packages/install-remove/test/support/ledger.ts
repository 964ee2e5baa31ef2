/**
 * Small helpers for writing ledgers by hand in tests: events as plain objects
 * with instants, numbered ids, and replays that fail loudly on any problem.
 */
import * as E from 'fp-ts/Either';
import {
  addExactDays, advanceTo, DAY_MS, type EventOf, type EventType, type Instant, instant, type LedgerEvent,
  type LedgerState, parseInstant, type Problem, replay,
} from '@license-ledger/core';

/** An ISO instant that must parse. */
export const at = (iso: string): Instant => {
  const parsed = parseInstant(iso);
  if (parsed === undefined) throw new Error(`not an instant: ${iso}`);
  return parsed;
};

/** The start of every hand-written scenario. */
export const T0 = at('2025-01-01T00:00:00Z');

/** `days` whole days (plus `hours`) after T0: the rules count in days (R-T2, R-T3). */
export const day = (days: number, hours = 0): Instant => instant(addExactDays(T0, days) + hours * 3_600_000);

export const HOUR_MS = 3_600_000;
export { DAY_MS };

type Body<T extends EventType> = Omit<EventOf<T>, 'type' | 'id'>;

/** An event without its id: `events` numbers them. */
export type Step = { [T in EventType]: { readonly type: T } & Body<T> }[EventType];

/** Gives every step an id `e1`, `e2`, … in order. */
export const events = (steps: readonly Step[]): LedgerEvent[] =>
  steps.map((step, index) => ({ ...step, id: `e${index + 1}` }) as LedgerEvent);

const describeProblems = (problems: readonly Problem[]): string =>
  problems.map((p) => `${p.eventId ?? '?'} ${p.rule}: ${p.message}`).join('\n');

/** The state after every step, failing the test if any event is rejected. */
export const ledger = (steps: readonly Step[]): LedgerState => {
  const result = replay({ mode: 'strict' })(events(steps));
  if (result.problems.length > 0) throw new Error(`the scenario should replay cleanly:\n${describeProblems(result.problems)}`);
  return result.state;
};

/** The ledger as of `when`: the log up to it (docs/report-json.md), then time run forward to it (R-T4). */
export const ledgerAt = (steps: readonly Step[], when: Instant): LedgerState => {
  const result = replay({ mode: 'strict', until: when })(events(steps));
  if (result.problems.length > 0) throw new Error(`the scenario should replay cleanly:\n${describeProblems(result.problems)}`);
  return advanced(result.state, when);
};

/** Time run forward; the instant must not be before the state's clock. */
export const advanced = (state: LedgerState, when: Instant): LedgerState => {
  const moved = advanceTo(when)(state);
  if (E.isLeft(moved)) throw new Error(moved.left.message);
  return moved.right;
};

/** The value of a Right, failing the test on a Left. */
export const rightOf = <A>(either: E.Either<{ readonly message: string }, A>): A => {
  if (E.isLeft(either)) throw new Error(`expected Right, got Left: ${either.left.message}`);
  return either.right;
};
