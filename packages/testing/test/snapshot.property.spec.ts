import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import {
  advanceTo,
  DAY_MS,
  decodeLine,
  forecastPools,
  type Pool,
  fromSnapshot,
  instant,
  type LedgerState,
  type LogEntry,
  type ReplayInput,
  replay,
  toSnapshot,
} from '@license-ledger/core';
import { heapToSortedArray, mapEntries } from '@license-ledger/core/internal';
import { faultyHistory, fingerprintDifference, ledgerFingerprint, stateInvariants, validHistory } from '../src/index';

const restored = (state: LedgerState): LedgerState => {
  const back = fromSnapshot(toSnapshot(state));
  if (E.isLeft(back)) throw new Error(`a fresh snapshot was refused: ${back.left.message}`);
  return back.right;
};

const sameState = (expected: LedgerState, actual: LedgerState): void => {
  expect(fingerprintDifference(ledgerFingerprint(expected), ledgerFingerprint(actual))).toBeNull();
};

/** A forecast's pools as plain data: heaps as sorted arrays (their shape depends on insertion order). */
const forecastData = (forecast: ReturnType<ReturnType<typeof forecastPools>>) =>
  E.map((pools: readonly Pool[]) =>
    pools.map((pool) => ({
      ...pool,
      returned: heapToSortedArray(pool.returned, (a, b) => a - b),
      partials: heapToSortedArray(
        pool.partials,
        (a, b) => a.since - b.since || a.batch - b.batch || a.deletedAt - b.deletedAt || a.seq - b.seq,
      ),
      groups: [...mapEntries(pool.groups)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    })),
  )(forecast);

const invariantViolations = (state: LedgerState): string[] =>
  Object.entries(stateInvariants).flatMap(([name, check]) => check(state).map((v) => `${name}: ${v}`));

/** A history and a cut: the first `cut` inputs go into the snapshot, the rest are replayed on the restored state. */
const cutHistory = <T>(history: fc.Arbitrary<readonly T[]>) =>
  history.chain((inputs) => fc.tuple(fc.constant(inputs), fc.integer({ min: 0, max: inputs.length })));

const faultyEntries = faultyHistory({ keys: true }).map(({ lines }): readonly LogEntry[] =>
  lines.map((text, i) => decodeLine({ line: i + 1, text })),
);

describe('toSnapshot / fromSnapshot', () => {
  const resumes = (inputs: readonly ReplayInput[], cut: number, history: 'full' | 'none'): void => {
    const full = replay({ mode: 'lenient', history })(inputs);
    const head = replay({ mode: 'lenient', history })(inputs.slice(0, cut));
    const back = restored(head.state);
    expect(invariantViolations(back)).toEqual([]);
    sameState(head.state, back);
    const resumed = replay({ mode: 'lenient', history, from: back })(inputs.slice(cut));
    sameState(full.state, resumed.state);
    expect([...head.problems, ...resumed.problems]).toEqual(full.problems);
    expect(invariantViolations(resumed.state)).toEqual([]);
    // The whole log again on the restored state: what the snapshot holds is skipped by id (R-L5).
    const again = replay({ mode: 'lenient', history, from: back })(
      inputs.slice(0, cut).filter((input) => 'type' in input || 'event' in input),
    );
    expect(again.stats.applied).toBe(0);
    sameState(head.state, again.state);
  };

  it('R-L5: restoring a snapshot of the first events and replaying the rest equals replaying the whole log (licenses and keys)', () => {
    fc.assert(fc.property(cutHistory(validHistory({ keys: true })), ([events, cut]) => resumes(events, cut, 'full')));
  });

  it('R-L5: the same holds for logs with faults (duplicates, other bodies, out of order, unknown ids, decode errors)', () => {
    fc.assert(fc.property(cutHistory(faultyEntries), ([entries, cut]) => resumes(entries, cut, 'full')));
  });

  it('a snapshot of a state without histories restores and resumes alike', () => {
    fc.assert(fc.property(cutHistory(validHistory({ keys: true })), ([events, cut]) => resumes(events, cut, 'none')));
  });

  it('R-T2, R-X2, R-D2: the indexes a restored state rebuilds (license ends by bucket, renewing ends, recovery) are the original’s', () => {
    const sorted = <V>(map: Parameters<typeof mapEntries<V>>[0]) =>
      [...mapEntries(map)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const indexes = (state: LedgerState) => {
      const licenseEnds = sorted(state.licenseEnds).map(([bucket, ends]) => [bucket, sorted(ends)] as const);
      const ends = licenseEnds.flatMap(([, inBucket]) => inBucket.map(([, end]) => end));
      return {
        licenseEnds,
        // A renewing end counts only while licenseEnds holds its end (one that already happened may linger).
        renewingEnds: sorted(state.renewingEnds).filter(([, renewing]) => ends.includes(renewing.due)),
        awaitingRecovery: sorted(state.awaitingRecovery),
      };
    };
    fc.assert(
      fc.property(validHistory({ keys: true }), (events) => {
        const state = replay({ mode: 'lenient' })(events).state;
        expect(indexes(restored(state))).toEqual(indexes(state));
      }),
    );
  });

  it('R-T4: a restored state runs time forward and forecasts as the original (agenda and end indexes rebuilt)', () => {
    fc.assert(
      fc.property(validHistory({ keys: true }), fc.integer({ min: 0, max: 800 }), (events, days) => {
        const state = replay({ mode: 'lenient' })(events).state;
        const back = restored(state);
        const until = instant((state.clock ?? 0) + days * DAY_MS);
        const original = advanceTo(until)(state);
        const again = advanceTo(until)(back);
        if (E.isLeft(original) || E.isLeft(again)) throw new Error('both reach a later instant');
        sameState(original.right, again.right);
        expect(forecastData(forecastPools(until)(back))).toEqual(forecastData(forecastPools(until)(state)));
      }),
    );
  });

  it('refuses a snapshot cut short or with a flipped bit anywhere, never half-loading it', () => {
    fc.assert(
      fc.property(
        validHistory({ keys: true }),
        fc.nat(),
        fc.nat({ max: 7 }),
        fc.boolean(),
        (events, where, bit, cut) => {
          const bytes = toSnapshot(replay({ mode: 'lenient' })(events).state);
          const damaged = cut ? bytes.subarray(0, where % bytes.length) : bytes.slice();
          if (!cut) damaged[where % bytes.length] = (damaged[where % bytes.length] as number) ^ (1 << bit);
          const back = fromSnapshot(damaged);
          expect(E.isLeft(back)).toBe(true);
        },
      ),
    );
  });
});
