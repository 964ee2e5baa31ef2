import { applyEvent, type LedgerEvent, type LedgerState, type Outcome, type RuleId } from '@license-ledger/core';
import { replayedClean } from '../builders/events';

/**
 * What the event under test must come to: applied, skipped as an exact repeat
 * (R-L5), or rejected, by the rule named.
 *
 * @since 0.1.0
 */
export type ExpectedOutcome = 'applied' | 'duplicate' | { readonly rejectedBy: RuleId };

/**
 * One expectation on the state after the event (`after`), with the state before
 * it (`before`): it fails by throwing (a jest `expect`) or by returning `false`
 * or a non-empty list of violations.
 *
 * @since 0.1.0
 */
export type Expectation = (after: LedgerState, before: LedgerState) => boolean | void | readonly string[];

/**
 * Expectations by what they check, each named after its rule
 * (`'R-U1: 300 days are left'`): the name is what a failure prints.
 *
 * @since 0.1.0
 */
export type Expectations = Readonly<Record<string, Expectation>>;

/**
 * A given/when/then specification of one event's effect.
 *
 * @since 0.1.0
 */
export interface LedgerSpecWhen {
  /**
   * Applies the event to the state after the given history (`applyEvent`, pure)
   * and checks its outcome, then every expectation; throws one error naming the
   * event, the rule and every expectation that failed.
   */
  then(outcome: ExpectedOutcome, expectations?: Expectations): LedgerState;
}

/**
 * The state after a given history, waiting for the event under test (`when`).
 *
 * @since 0.1.0
 */
export interface LedgerSpecGiven {
  /** The event under test. */
  when(event: LedgerEvent): LedgerSpecWhen;
  /** The state the history leads to (strict replay; a rejected given event throws). */
  readonly state: LedgerState;
}

const describeEvent = (event: LedgerEvent): string => `${event.type} ${event.id}`;

const describeOutcome = (outcome: Outcome): string =>
  outcome.kind === 'rejected' ? `rejected by ${outcome.rejection.rule} (${outcome.rejection.message})` : outcome.kind;

const describeExpected = (outcome: ExpectedOutcome): string =>
  typeof outcome === 'string' ? outcome : `rejected by ${outcome.rejectedBy}`;

const outcomeMatches = (expected: ExpectedOutcome, actual: Outcome): boolean =>
  typeof expected === 'string'
    ? actual.kind === expected
    : actual.kind === 'rejected' && actual.rejection.rule === expected.rejectedBy;

/** Runs one expectation: undefined when it holds, else why not. */
const failureOf = (expectation: Expectation, after: LedgerState, before: LedgerState): string | undefined => {
  try {
    const result = expectation(after, before);
    if (result === false) return 'it returned false';
    if (Array.isArray(result) && result.length > 0) return result.join('\n');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
};

const indent = (text: string): string => text.replace(/^/gm, '      ');

/**
 * Given a history, when one more event comes, then it has this outcome and these
 * expectations hold: a decider specification in the spirit of Emmett's, for the
 * ledger. The history must apply in full; the event is applied with `applyEvent`
 * (pure), so the state before it is kept for comparisons. A failure is one error
 * that names the event, the outcome expected and got (with the rule of a
 * rejection), and every expectation that failed, by its name.
 *
 * @since 0.1.0
 * @example
 * import { eventBuilder, ledgerSpec } from '@license-ledger/testing'
 * const e = eventBuilder()
 * ledgerSpec
 *   .given([e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1 })])
 *   .when(e('Returned', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }))
 *   .then({ rejectedBy: 'R-L3' }, { 'R-L3: a rejected event changes nothing': (after, before) => after === before })
 */
export const ledgerSpec = {
  /** Replays `history` (strictly) as the state the event under test is applied to. */
  given(history: readonly LedgerEvent[]): LedgerSpecGiven {
    let state: LedgerState | undefined;
    const before = (): LedgerState => {
      if (state === undefined) {
        try {
          state = replayedClean(history);
        } catch (error) {
          throw new Error(`ledgerSpec given: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return state;
    };
    return {
      get state() {
        return before();
      },
      when(event: LedgerEvent): LedgerSpecWhen {
        return {
          then(outcome, expectations = {}) {
            const start = before();
            const result = applyEvent(event)(start);
            const failures: string[] = [];
            const heading = `when ${describeEvent(event)} (after ${history.length} given event${history.length === 1 ? '' : 's'})`;
            if (!outcomeMatches(outcome, result.outcome)) {
              failures.push(
                `  ✗ outcome: expected ${describeExpected(outcome)}, got ${describeOutcome(result.outcome)}`,
              );
            }
            for (const [name, expectation] of Object.entries(expectations)) {
              const failure = failureOf(expectation, result.state, start);
              if (failure !== undefined) failures.push(`  ✗ ${name}\n${indent(failure)}`);
            }
            if (failures.length > 0) throw new Error(`ledgerSpec ${heading}:\n${failures.join('\n')}`);
            return result.state;
          },
        };
      },
    };
  },
};
