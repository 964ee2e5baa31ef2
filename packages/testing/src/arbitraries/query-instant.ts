import { DAY_MS, instant, type Instant, type LedgerEvent, replay } from '@license-ledger/core';
import fc from 'fast-check';
import { around, dueInstants } from '../generation/due-instants';

/**
 * Instants worth asking a history about: the instants of its events, just
 * before, at and just after every time-driven change it causes (expiries,
 * takeovers, auto-extends, key ends — R-T4), any instant in its span, before it
 * began, and the far future. Before the last event, a view is read by replaying
 * up to the instant (`replay({ until })`); after it, by `advanceTo`.
 *
 * @since 0.1.0
 * @example
 * import fc from 'fast-check'
 * import { queryInstant, validHistory } from '@license-ledger/testing'
 * const historyAndInstant = validHistory().chain((events) => fc.tuple(fc.constant(events), queryInstant(events)))
 */
export const queryInstant = (history: readonly LedgerEvent[]): fc.Arbitrary<Instant> => {
  const first = history[0]?.at ?? instant(Date.UTC(2025, 0, 1));
  const last = history[history.length - 1]?.at ?? first;
  const dues = around(dueInstants(replay({ mode: 'lenient' })(history).state));
  const choices: fc.Arbitrary<number>[] = [
    fc.integer({ min: first, max: last + 2 * 365 * DAY_MS }),
    fc.constant(first - DAY_MS),
    fc.integer({ min: 5 * 365, max: 20 * 365 }).map((days) => last + days * DAY_MS),
  ];
  if (history.length > 0) choices.push(fc.constantFrom(...history.map((event) => event.at)));
  if (dues.length > 0) choices.push(fc.constantFrom(...dues));
  return fc.oneof(...choices).map(instant);
};
