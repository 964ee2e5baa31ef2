import { type Due, historyToArray, type Instant, type LedgerState, listPools, listSvms } from '@license-ledger/core';
import { heapToSortedArray, poolLicenses } from '@license-ledger/core/internal';

const byInstant = (a: Due, b: Due): number => a.at - b.at;

/**
 * Every instant at which something time-driven happened or is due (R-T4):
 * license ends, takeovers, auto-extends and key ends already in the histories,
 * and everything still on the agenda (stale entries included: asking about them
 * is harmless). Sorted, without repeats.
 */
export const dueInstants = (state: LedgerState): readonly Instant[] => {
  const found = new Set<number>();
  // Sorting by instant alone keeps a valid heap: the agenda's own order refines it.
  for (const due of heapToSortedArray(state.agenda, byInstant)) found.add(due.at);
  for (const pool of listPools(state)) {
    for (const license of poolLicenses(state, pool.poolId)) {
      if (license.endAt !== null) found.add(license.endAt);
      for (const change of historyToArray(license.history)) if (change.eventId === null) found.add(change.at);
    }
  }
  for (const svm of listSvms(state)) {
    for (const slot of svm.slots) if (slot.active !== null) found.add(slot.active.endsAt);
    for (const change of historyToArray(svm.history)) if (change.eventId === null) found.add(change.at);
  }
  return [...found].sort((a, b) => a - b) as Instant[];
};

/** Just before, at and just after each instant. */
export const around = (instants: readonly number[]): readonly Instant[] =>
  instants.flatMap((at) => [at - 1, at, at + 1]) as Instant[];
