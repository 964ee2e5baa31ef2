import { DAY_MS, replay } from '@license-ledger/core';
import fc from 'fast-check';
import { queryInstant } from '../../src/arbitraries/query-instant';
import { validHistory } from '../../src/arbitraries/valid-history';
import { dueInstants } from '../../src/generation/due-instants';
import { coverageSeed } from '../support/settings';

describe('queryInstant', () => {
  test(`yields event instants, due instants ±1 ms, instants within the history's span, before it or far after it`, () => {
    const historyAndInstant = validHistory().chain((events) => fc.tuple(fc.constant(events), queryInstant(events)));
    fc.assert(
      fc.property(historyAndInstant, ([events, at]) => {
        const first = events[0]?.at ?? 0;
        const last = events[events.length - 1]?.at ?? 0;
        const dues = dueInstants(replay()(events).state);
        const known = events.some((e) => e.at === at) || dues.some((d) => Math.abs(d - at) <= 1);
        const inSpan = at >= first && at <= last + 2 * 365 * DAY_MS;
        expect(known || inSpan || at === first - DAY_MS || at >= last + 5 * 365 * DAY_MS).toBe(true);
      }),
    );
  });

  test(`R-T4: often lands just before, at or just after a time-driven change (seed ${coverageSeed})`, () => {
    const pairs = fc.sample(
      validHistory().chain((events) => fc.tuple(fc.constant(events), queryInstant(events))),
      { seed: coverageSeed, numRuns: 200 },
    );
    const nearDue = pairs.filter(([events, at]) =>
      dueInstants(replay()(events).state).some((d) => Math.abs(d - at) <= 1),
    );
    expect(nearDue.length).toBeGreaterThan(10);
  });
});
