import { DAY_MS, instant, type Instant, type LedgerState } from '@license-ledger/core';
import fc from 'fast-check';
import { around, dueInstants } from '../generation/due-instants';

/**
 * Instants at or after a state's clock, the ones `advanceTo` accepts: the clock
 * itself, just before, at and just after every change still due (an applied
 * term ending, a queued extension taking over, a key ending — R-T4), any
 * instant in the next two years, and the far future.
 *
 * @since 0.1.0
 * @example
 * import fc from 'fast-check'
 * import { advanceTo, replay } from '@license-ledger/core'
 * import { instantsAfter, validHistory } from '@license-ledger/testing'
 * const stateAndLater = validHistory()
 *   .map((events) => replay()(events).state)
 *   .chain((state) => fc.tuple(fc.constant(state), instantsAfter(state)))
 */
export const instantsAfter = (state: LedgerState): fc.Arbitrary<Instant> => {
  const clock = state.clock ?? instant(Date.UTC(2025, 0, 1));
  const dues = around(dueInstants(state)).filter((at) => at >= clock);
  const choices: fc.Arbitrary<number>[] = [
    fc.constant(clock),
    fc.integer({ min: clock, max: clock + 2 * 365 * DAY_MS }),
    fc.integer({ min: 5 * 365, max: 20 * 365 }).map((days) => clock + days * DAY_MS),
  ];
  if (dues.length > 0) choices.push(fc.constantFrom(...dues));
  return fc.oneof(...choices).map(instant);
};
