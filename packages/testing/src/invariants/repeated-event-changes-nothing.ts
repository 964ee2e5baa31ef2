import { applyEvent, emptyLedger, type LedgerEvent, type LedgerState } from '@license-ledger/core';
import { fingerprintDifference } from '../fingerprint/fingerprint-difference';
import { ledgerFingerprint } from '../fingerprint/ledger-fingerprint';
import type { HistoryInvariant } from './invariant';

const unchanged = (before: LedgerState, after: LedgerState): string | null =>
  before === after ? null : fingerprintDifference(ledgerFingerprint(before), ledgerFingerprint(after));

/**
 * R-L5: an event whose id was already applied is skipped and changes nothing.
 * Each applied event is delivered a second time right after itself, and once
 * more at the end of the history (a re-sent event carries its old instant: it is
 * a repeat, not an event out of time order); every time it must be skipped as a
 * duplicate, leaving the state as it was.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { repeatedEventChangesNothing } from '@license-ledger/testing'
 * assert.deepStrictEqual(repeatedEventChangesNothing([]), [])
 */
export const repeatedEventChangesNothing: HistoryInvariant = (events) => {
  const out: string[] = [];
  const applied: LedgerEvent[] = [];
  let state = emptyLedger();
  for (const event of events) {
    const first = applyEvent(event)(state);
    state = first.state;
    if (first.outcome.kind !== 'applied') continue;
    applied.push(event);
    const again = applyEvent(event)(state);
    if (again.outcome.kind !== 'duplicate')
      out.push(`R-L5: ${event.id} delivered twice in a row was ${again.outcome.kind}, not skipped`);
    const difference = unchanged(state, again.state);
    if (difference !== null) out.push(`R-L5: repeating ${event.id} right away changed the ledger ${difference}`);
  }
  for (const event of applied) {
    const again = applyEvent(event)(state);
    if (again.outcome.kind !== 'duplicate')
      out.push(`R-L5: ${event.id} delivered again at the end was ${again.outcome.kind}, not skipped`);
    const difference = unchanged(state, again.state);
    if (difference !== null) out.push(`R-L5: repeating ${event.id} at the end changed the ledger ${difference}`);
  }
  return out;
};
