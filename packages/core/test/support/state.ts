/** Reading a core state in core's own tests (events are written with @license-ledger/testing's eventBuilder). */
import { pipe } from 'fp-ts/function';
import {
  getLicense,
  getPool,
  type LedgerEvent,
  type LedgerState,
  type License,
  replay,
  type ReplayResult,
  unusedCount,
} from '../../src/index';

export const replayAll = (events: readonly LedgerEvent[]): ReplayResult => pipe(events, replay());

export const license = (state: LedgerState, id: string): License => {
  const found = getLicense(state, id);
  if (found === undefined) throw new Error(`no license ${id}`);
  return found;
};

/** The pool's counters in one object, Unused and Partial included. */
export const countsOf = (state: LedgerState, poolId: string) => {
  const pool = getPool(state, poolId);
  if (pool === undefined) throw new Error(`no pool ${poolId}`);
  return { ...pool.counts, unused: unusedCount(pool), partial: pool.partials.size, max: pool.max };
};

/** R-V4: Max = Unused + Used + Extended + pending installs holding a never-used license. */
export const conserved = (state: LedgerState, poolId: string): boolean => {
  const c = countsOf(state, poolId);
  const used = c.applied + c.held + c.expired + c.partial + c.other + c.reservedFromPartial;
  return c.max === c.unused + used + c.extended + c.reservedFromUnused;
};
