import { applyEvent, emptyLedger, replay } from '@license-ledger/core';
import { fingerprintDifference } from '../fingerprint/fingerprint-difference';
import { ledgerFingerprint } from '../fingerprint/ledger-fingerprint';
import type { HistoryInvariant } from './invariant';

/**
 * Applying the events one by one with `applyEvent` (a fresh immutable state
 * each time) ends in the same state as one `replay` (one draft written in place
 * for the whole log), with as many events applied, skipped and rejected.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { stepwiseEqualsReplay } from '@license-ledger/testing'
 * assert.deepStrictEqual(stepwiseEqualsReplay([]), [])
 */
export const stepwiseEqualsReplay: HistoryInvariant = (events) => {
  let state = emptyLedger();
  const counts = { applied: 0, skippedDuplicates: 0, rejected: 0 };
  for (const event of events) {
    const result = applyEvent(event)(state);
    state = result.state;
    if (result.outcome.kind === 'applied') counts.applied += 1;
    else if (result.outcome.kind === 'duplicate') counts.skippedDuplicates += 1;
    else counts.rejected += 1;
  }
  const replayed = replay({ mode: 'lenient' })(events);
  const out: string[] = [];
  const difference = fingerprintDifference(ledgerFingerprint(replayed.state), ledgerFingerprint(state));
  if (difference !== null) out.push(`applyEvent one by one ended in another state than replay ${difference}`);
  const { applied, skippedDuplicates, rejected } = replayed.stats;
  if (applied !== counts.applied || skippedDuplicates !== counts.skippedDuplicates || rejected !== counts.rejected) {
    out.push(
      `applyEvent one by one counted ${JSON.stringify(counts)}, replay ${JSON.stringify({ applied, skippedDuplicates, rejected })}`,
    );
  }
  return out;
};
