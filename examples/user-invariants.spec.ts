/**
 * How to write your own property-based tests of license invariants with
 * @license-ledger/testing and jest. Run it with `npx jest examples/user-invariants`.
 *
 * Three habits make a property worth having:
 * - one fixed seed for every property, set once with `fc.configureGlobal` (here at
 *   the top of the file; in a bigger suite, in a jest `setupFiles` module), so a
 *   failure reproduces with one command
 *   (`LEDGER_SEED=<seed> npx jest examples/user-invariants -t '<name>'`);
 * - the number of runs from the environment, moderate by default;
 * - checks that return what is wrong (`Violations`), so the counterexample
 *   fast-check prints comes with a sentence naming the license and the rule.
 */
import {
  daysLeftAt,
  decodeLog,
  type LedgerState,
  listPools,
  poolLicenses,
  replay,
  splitLines,
} from '@license-ledger/core';
import { installRemoveAt } from '@license-ledger/install-remove';
import {
  checkEveryStep,
  conservation,
  faultyHistory,
  partialsFirst,
  queryInstant,
  type StateInvariant,
  validHistory,
} from '@license-ledger/testing';
import fc from 'fast-check';

fc.configureGlobal({
  seed: Number(process.env['LEDGER_SEED'] ?? 20251123),
  numRuns: Number(process.env['LEDGER_NUM_RUNS'] ?? 50),
});

/** Fails with the violations themselves, so they show next to fast-check's counterexample. */
const expectNone = (violations: readonly string[]): void => {
  if (violations.length > 0) throw new Error(violations.join('\n'));
};

/**
 * A house rule of your own, written as a state invariant: no license ever
 * carries more days than its purchase's term (R-T5, R-U1), running or not.
 */
const neverMoreThanTheTerm: StateInvariant = (state: LedgerState) =>
  listPools(state).flatMap((pool) =>
    [...poolLicenses(state, pool.poolId)].flatMap((license) => {
      const left = state.clock === null ? license.daysLeft : daysLeftAt(license, state.clock);
      return license.termDays !== null && left !== null && left > license.termDays
        ? [`${license.licenseId} has ${left} days left, more than its ${license.termDays}-day term`]
        : [];
    }),
  );

describe('my license invariants', () => {
  test(`my house rule and two of the library's hold after every event and every expiry`, () => {
    // checkEveryStep replays the history one event at a time and also stops at every
    // instant a change falls due between events (an expiry, a takeover, an auto-extend).
    const check = checkEveryStep({ state: [neverMoreThanTheTerm, conservation], step: [partialsFirst] });
    fc.assert(fc.property(validHistory({ maxMachines: 6 }), (events) => expectNone(check(events))));
  });

  test(`the Install/Remove popup adds up to Max as of any instant`, () => {
    // queryInstant picks instants worth asking about: at events, just around expiries, far away.
    const historyAndInstant = validHistory().chain((events) => fc.tuple(fc.constant(events), queryInstant(events)));
    fc.assert(
      fc.property(historyAndInstant, ([events, at]) => {
        const { state } = replay({ until: at })(events);
        const views = installRemoveAt(at)(state);
        if (views._tag === 'Left') throw new Error(views.left.message);
        for (const { poolId, counts } of views.right) {
          const max = listPools(state).find((p) => p.poolId === poolId)?.max;
          expect(Object.values({ ...counts }).reduce((a, b) => a + b, 0)).toBe(max);
        }
      }),
    );
  });

  test(`my log reader reports every broken line and keeps every good one`, () => {
    // faultyHistory gives NDJSON lines with known faults and where they are.
    fc.assert(
      fc.property(faultyHistory({ maxFaults: 3 }), ({ lines, faults, valid }) => {
        const result = replay({ mode: 'lenient' })([...decodeLog(splitLines([lines.join('\n')]))].flat());
        const expectedLines = faults.filter((f) => f.expected.kind !== 'skipped').map((f) => f.line);
        expect(result.problems.map((p) => p.line)).toEqual(expectedLines);
        expect(result.stats.applied).toBe(valid.length);
      }),
    );
  });
});
