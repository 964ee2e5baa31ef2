import {
  advanceTo,
  type Due,
  emptyLedger,
  formatInstant,
  type Instant,
  type LedgerEvent,
  type LedgerState,
  applyEvent,
  createReplayer,
  type Outcome,
} from '@license-ledger/core';
import { heapToSortedArray } from '@license-ledger/core/internal';
import * as E from 'fp-ts/Either';
import type { HistoryInvariant, StateInvariant, StepInvariant, Violations } from './invariant';

/**
 * Which checks `checkEveryStep` runs, and where.
 *
 * @since 0.1.0
 */
export interface StepChecks {
  /** Run on the state after every event and, unless `betweenEvents` is false, at every time-driven change. */
  readonly state?: readonly StateInvariant[];
  /** Run on every step: state before, event, state after. */
  readonly step?: readonly StepInvariant[];
  /** Also check `state` invariants at each instant a change falls due between two events (R-T4); default true. */
  readonly betweenEvents?: boolean;
  /** Run time on after the last event to this instant, checking at every change due on the way and at the instant itself. */
  readonly until?: Instant;
  /**
   * How the states are made: `applyEvent`, one immutable state per event (the
   * default), or `replay`, one replay fed event by event whose result is taken
   * after each (its writes sit in mutable maps until then: the transient backing).
   */
  readonly backing?: 'applyEvent' | 'replay';
}

type Stepper = (
  event: LedgerEvent,
  state: LedgerState,
) => { readonly state: LedgerState; readonly outcome: Outcome['kind'] };

const byApplyEvent = (): Stepper => (event, state) => {
  const { state: after, outcome } = applyEvent(event)(state);
  return { state: after, outcome: outcome.kind };
};

const byReplay = (): Stepper => {
  const replayer = createReplayer({ mode: 'lenient' });
  let seen = { applied: 0, skippedDuplicates: 0 };
  return (event) => {
    replayer.push(event);
    const { state, stats } = replayer.result();
    const outcome =
      stats.applied > seen.applied
        ? 'applied'
        : stats.skippedDuplicates > seen.skippedDuplicates
          ? 'duplicate'
          : 'rejected';
    seen = stats;
    return { state, outcome };
  };
};

const byInstant = (a: Due, b: Due): number => a.at - b.at;

/** Instants after the state's clock, up to and including `until`, at which something falls due. */
const dueBetween = (state: LedgerState, until: number): number[] =>
  [...new Set(heapToSortedArray(state.agenda, byInstant).map((due) => due.at))].filter((at) => at <= until);

/**
 * Runs invariants through a whole history, one event at a time with
 * `applyEvent`: state invariants after every event (and at every instant a
 * time-driven change falls due in between, so "at every instant" means it),
 * step invariants on every step. Each violation says where it was found.
 *
 * @since 0.1.0
 * @example
 * import { checkEveryStep, conservation, partialsFirst, validHistory } from '@license-ledger/testing'
 * const check = checkEveryStep({ state: [conservation], step: [partialsFirst] })
 * // fc.assert(fc.property(validHistory(), (events) => check(events).length === 0))
 */
export const checkEveryStep =
  (checks: StepChecks): HistoryInvariant =>
  (events) => {
    const stateChecks = checks.state ?? [];
    const stepChecks = checks.step ?? [];
    const between = checks.betweenEvents !== false && stateChecks.length > 0;
    const out: string[] = [];
    const report = (where: string, found: Violations): void => {
      for (const violation of found) out.push(`${where}: ${violation}`);
    };
    const checkDueUpTo = (state: LedgerState, until: number, before: string): void => {
      let probe = state;
      for (const at of dueBetween(state, until)) {
        const advanced = advanceTo(at as Instant)(probe);
        if (E.isLeft(advanced)) return report(`at ${formatInstant(at as Instant)}`, [advanced.left.message]);
        probe = advanced.right;
        report(
          `at ${formatInstant(probe.clock as Instant)} (time-driven, ${before})`,
          stateChecks.flatMap((check) => check(probe)),
        );
      }
    };
    let state = emptyLedger();
    const step = checks.backing === 'replay' ? byReplay() : byApplyEvent();
    events.forEach((event: LedgerEvent, i) => {
      if (between) checkDueUpTo(state, event.at, `before ${event.id}`);
      const { state: after, outcome } = step(event, state);
      const where = `after #${i + 1} ${event.id} (${event.type}, ${outcome}) at ${formatInstant(event.at)}`;
      report(where, [
        ...stateChecks.flatMap((check) => check(after)),
        ...stepChecks.flatMap((check) => check(state, event, after)),
      ]);
      state = after;
    });
    if (checks.until !== undefined && (state.clock === null || checks.until >= state.clock)) {
      if (between) checkDueUpTo(state, checks.until, 'after the last event');
      const advanced = advanceTo(checks.until)(state);
      if (E.isRight(advanced))
        report(
          `at ${formatInstant(checks.until)} (asked for)`,
          stateChecks.flatMap((check) => check(advanced.right)),
        );
    }
    return out;
  };
