import { decodeLog, type LedgerEvent, replay, type ReplayResult, splitLines } from '@license-ledger/core';
import { fingerprintDifference } from '../fingerprint/fingerprint-difference';
import { ledgerFingerprint } from '../fingerprint/ledger-fingerprint';
import { eventToLine } from '../wire/event-to-line';
import type { HistoryInvariant } from './invariant';

/** What a replay says, bar line numbers (events given as objects have none). */
const outcome = (result: ReplayResult): string =>
  JSON.stringify({
    stats: result.stats,
    problems: result.problems.map(({ line: _line, ...rest }) => rest),
    stoppedBy: result.stoppedBy,
  });

const asText = (events: readonly LedgerEvent[]): string => events.map(eventToLine).join('\n');

/**
 * R-L6, same events, same result: replaying a history twice, replaying copies of
 * its events, and replaying it written out as an NDJSON log and read back
 * (R-L1) all end in the same state with the same statistics and problems.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { replayIsDeterministic } from '@license-ledger/testing'
 * assert.deepStrictEqual(replayIsDeterministic([]), [])
 */
export const replayIsDeterministic: HistoryInvariant = (events) => {
  const run = replay({ mode: 'lenient' });
  const first = run(events);
  const expected = ledgerFingerprint(first.state);
  const others: [string, ReplayResult][] = [
    ['a second replay', run(events)],
    ['a replay of copies', run(events.map((event) => structuredClone(event)))],
    ['a replay of the NDJSON log', run([...decodeLog(splitLines([asText(events)]))].flat())],
  ];
  return others.flatMap(([what, result]) => {
    const out: string[] = [];
    const difference = fingerprintDifference(expected, ledgerFingerprint(result.state));
    if (difference !== null) out.push(`R-L6: ${what} ended in another state ${difference}`);
    if (outcome(result) !== outcome(first))
      out.push(`R-L6: ${what} reported ${outcome(result)}, the first ${outcome(first)}`);
    return out;
  });
};
