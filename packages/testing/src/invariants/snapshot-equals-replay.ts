import { advanceTo, formatInstant, type Instant, type LedgerState, replay } from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import { fingerprintDifference } from '../fingerprint/fingerprint-difference';
import { ledgerFingerprint } from '../fingerprint/ledger-fingerprint';
import type { HistoryInvariant } from './invariant';

const compare = (what: string, expected: LedgerState, actual: LedgerState): string[] => {
  const difference = fingerprintDifference(ledgerFingerprint(expected), ledgerFingerprint(actual));
  return difference === null ? [] : [`${what} ended in another state than one full replay ${difference}`];
};

/**
 * A snapshot resumes exactly: replaying a history up to `at` (`replay` with
 * `until`), then the rest from that state (`replay` with `from`), ends in the
 * state of one full replay with the same problems; so does the same with the
 * snapshot first run forward to `at` (`advanceTo`, R-T4: due changes happen
 * alike whether time is run early or by the next event).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { parseInstant } from '@license-ledger/core'
 * import { snapshotEqualsReplay } from '@license-ledger/testing'
 * assert.deepStrictEqual(snapshotEqualsReplay(parseInstant('2025-06-01T00:00:00Z')!)([]), [])
 */
export const snapshotEqualsReplay =
  (at: Instant): HistoryInvariant =>
  (events) => {
    const full = replay({ mode: 'lenient' })(events);
    const head = replay({ mode: 'lenient', until: at })(events);
    const rest = events.slice(head.stats.read);
    const resumed = replay({ mode: 'lenient', from: head.state })(rest);
    const out = compare(`a snapshot at ${formatInstant(at)} resumed`, full.state, resumed.state);
    const problems = JSON.stringify([...head.problems, ...resumed.problems]);
    if (problems !== JSON.stringify(full.problems))
      out.push(
        `a snapshot at ${formatInstant(at)} resumed reported ${problems}, one replay ${JSON.stringify(full.problems)}`,
      );
    const advanced = advanceTo(at)(head.state);
    if (E.isLeft(advanced))
      return [...out, `a snapshot at ${formatInstant(at)} could not be run to that instant: ${advanced.left.message}`];
    const resumedLater = replay({ mode: 'lenient', from: advanced.right })(rest);
    // With nothing left to replay, the full replay stands at its last event; run it to `at` too.
    const expected = rest.length === 0 ? advanceTo(at)(full.state) : E.right(full.state);
    if (E.isLeft(expected))
      return [...out, `the full replay could not be run to ${formatInstant(at)}: ${expected.left.message}`];
    return [
      ...out,
      ...compare(
        `a snapshot at ${formatInstant(at)} run to that instant and resumed`,
        expected.right,
        resumedLater.state,
      ),
    ];
  };
