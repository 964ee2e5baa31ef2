import { pipe } from 'fp-ts/function';
import * as E from 'fp-ts/Either';
import {
  advanceTo,
  type EventOf,
  type EventType,
  type Instant,
  type LedgerEvent,
  type LedgerState,
  type License,
  parseInstant,
  replay,
  type ReplayResult,
  unusedCount,
} from '../../src/index';
import { getLicense, getPool } from '../../src/internal';

/** An instant from ISO text; throws on a typo in a test. */
export const t = (iso: string): Instant => {
  const at = parseInstant(iso);
  if (at === undefined) throw new Error(`bad instant in test: ${iso}`);
  return at;
};

type Fields<T extends EventType> = Omit<EventOf<T>, 'type' | 'id' | 'at'>;

/** A fresh event builder numbering ids e1, e2, … in call order. */
export const eventBuilder = () => {
  let n = 0;
  return <T extends EventType>(type: T, at: string, fields: Fields<T>): EventOf<T> =>
    ({ type, id: `e${++n}`, at: t(at), ...fields }) as unknown as EventOf<T>;
};

/** Replays leniently and fails the test on any problem. */
export const replayClean = (events: readonly LedgerEvent[]): LedgerState => {
  const result = pipe(events, replay());
  expect(result.problems).toEqual([]);
  return result.state;
};

export const replayAll = (events: readonly LedgerEvent[]): ReplayResult => pipe(events, replay());

export const at = (state: LedgerState, iso: string): LedgerState =>
  pipe(
    state,
    advanceTo(t(iso)),
    E.getOrElseW((error) => {
      throw new Error(error.message);
    }),
  );

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
