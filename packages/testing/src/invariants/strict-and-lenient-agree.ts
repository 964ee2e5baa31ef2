import { createReplayer, type LedgerEvent, replay } from '@license-ledger/core';
import { fingerprintDifference } from '../fingerprint/fingerprint-difference';
import { ledgerFingerprint } from '../fingerprint/ledger-fingerprint';
import type { HistoryInvariant } from './invariant';

/** How many events a lenient replay reads up to and including its first problem (all of them if none). */
const throughFirstProblem = (events: readonly LedgerEvent[]): number => {
  const replayer = createReplayer({ mode: 'lenient' });
  for (const [i, event] of events.entries()) {
    replayer.push(event);
    if (replayer.result().problems.length > 0) return i + 1;
  }
  return events.length;
};

/**
 * R-L4: strict and lenient replay agree. On a log with no problem they end in
 * the same state with the same statistics and neither stops; on a log with
 * problems, strict stops at the first one lenient reports, in the state lenient
 * had at that point.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { strictAndLenientAgree } from '@license-ledger/testing'
 * assert.deepStrictEqual(strictAndLenientAgree([]), [])
 */
export const strictAndLenientAgree: HistoryInvariant = (events) => {
  const strict = replay({ mode: 'strict' })(events);
  const lenient = replay({ mode: 'lenient' })(events);
  const [firstProblem] = lenient.problems;
  const out: string[] = [];
  if (firstProblem === undefined) {
    if (strict.problems.length > 0 || strict.stoppedBy !== null)
      out.push(`R-L4: strict stopped (${JSON.stringify(strict.problems)}) where lenient found no problem`);
    if (JSON.stringify(strict.stats) !== JSON.stringify(lenient.stats))
      out.push(`R-L4: strict counted ${JSON.stringify(strict.stats)}, lenient ${JSON.stringify(lenient.stats)}`);
  } else {
    if (strict.stoppedBy !== 'strict' || JSON.stringify(strict.problems) !== JSON.stringify([firstProblem])) {
      out.push(
        `R-L4: strict reported ${JSON.stringify(strict.problems)}, not just lenient's first problem ${JSON.stringify(firstProblem)}`,
      );
    }
  }
  const expected =
    firstProblem === undefined ? lenient : replay({ mode: 'lenient' })(events.slice(0, throughFirstProblem(events)));
  const difference = fingerprintDifference(ledgerFingerprint(expected.state), ledgerFingerprint(strict.state));
  if (difference !== null) out.push(`R-L4: strict ended in another state than lenient ${difference}`);
  return out;
};
