import * as E from 'fp-ts/Either';
import { BinaryHeap } from '../collections/binary-heap';
import { forEachEntry, getEntry, mapValues } from '../collections/persistent-map';
import type { Instant } from '../time/instant';
import type { LedgerState, LicenseEnd } from '../state/ledger-state';
import type { Installation } from '../state/machine';
import type { Pool, PoolCounter } from '../state/pool';
import { compareDue, END_BUCKET_MS, endBucket } from './agenda';
import { takeUnusedNumber } from './licenses';
import { counterOf, tallyOf } from './tally';
import { licenseEndOf, termEnd } from './term-end';
import { beforeClock } from './time-driven';
import type { QueryError } from '../query/query-error';
import { licenseIdOf, parseLicenseId, purchaseOf } from '../query/lookup';
import { byId } from '../query/compare-ids';

type Counts = Record<PoolCounter, number>;

const APPLIED = counterOf(tallyOf({ status: 'applied', reservedFrom: null }));
const EXPIRED = counterOf(tallyOf({ status: 'expired', reservedFrom: null }));

/**
 * The pools as the forecast changes them: counters as plain numbers, and the
 * pool record itself only where auto-extend took a never-used license.
 */
class PoolTallies {
  private readonly counts = new Map<string, Counts>();
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly state: LedgerState) {}

  pool(poolId: string): Pool {
    const pool = this.pools.get(poolId) ?? getEntry(this.state.pools, poolId);
    if (pool === undefined) throw new Error(`internal: a license end names pool ${poolId}, which was never purchased`);
    return pool;
  }

  setPool(pool: Pool): void {
    this.pools.set(pool.poolId, pool);
  }

  /** The counter move `transition` makes for `n` licenses going from one status to another. */
  move(poolId: string, from: PoolCounter | null, to: PoolCounter | null, n = 1): void {
    if (from === to) return;
    let counts = this.counts.get(poolId);
    if (counts === undefined) {
      counts = { ...this.pool(poolId).counts };
      this.counts.set(poolId, counts);
    }
    if (from !== null) counts[from] -= n;
    if (to !== null) counts[to] += n;
  }

  /** `n` license terms ended (R-T2): Applied → Expired. */
  expire(poolId: string, n: number): void {
    this.move(poolId, APPLIED, EXPIRED, n);
  }

  /** Every pool sorted by id; a pool nothing happened to is the state's own record. */
  all(): Pool[] {
    return [...mapValues(this.state.pools)]
      .map((pool) => {
        const counts = this.counts.get(pool.poolId);
        const changed = this.pools.get(pool.poolId);
        if (counts === undefined && changed === undefined) return pool;
        return Object.freeze({ ...(changed ?? pool), counts: Object.freeze(counts ?? pool.counts) });
      })
      .sort(byId((pool) => pool.poolId));
  }
}

/** A license end the forecast runs one by one, with the install as it stands then; `counted` once its expiry is tallied. */
interface Ending {
  readonly due: LicenseEnd;
  readonly install: Installation;
  readonly counted: boolean;
}

const byDue = (a: Ending, b: Ending): number => compareDue(a.due, b.due);

/**
 * The term a never-used license brings when it takes over (R-X2, R-X4): its
 * purchase's (R-T5, R-P2). Every license in Unused or queued as an extension
 * carries exactly that many days (`transition` resets `daysLeft` to `termDays`
 * whenever a license goes back to Unused, and queuing keeps it), so the pool's
 * purchases answer without a lookup in the 100k-entry license map.
 */
const fullTermOf = (pool: Pool, number: number, licenseId: string): number | null => {
  const purchase = purchaseOf(pool, number);
  if (purchase === undefined) throw new Error(`internal: ${licenseId} is not a license of pool ${pool.poolId}`);
  return purchase.termDays;
};

/**
 * Every pool, with its counts, as of a later instant: exactly the pools
 * `advanceTo` would give (R-T4), without building the future state.
 *
 * Only license ends change pools (a key end touches an SVM alone), and the state
 * keeps them exactly: `licenseEnds` holds the end of every applied license, and
 * `renewingEnds` those of the few whose install renews. Every end moves one
 * counter (Applied → Expired, R-T2) and a plain end does nothing else, touching
 * nothing any other end reads, so ends are counted in any order with no lookup
 * of their license or machine. Renewing ends run in agenda order (R-T4): a queued extension
 * takes over with its full term from the old end (R-X2), else auto-extend takes
 * the lowest-numbered never-used license from the pool (R-X4), and a new end due
 * by `until` joins them. No license or machine is looked up at all: it costs
 * one walk of the ends due and of the renewing ends, plus a small heap of
 * those due by `until`, instead of two big-map reads and persistent writes per end.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, forecastPools, parseInstant, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const forecast = forecastPools(parseInstant('2026-06-01T00:00:00Z')!)(state)
 * assert(forecast._tag === 'Right')
 * // the license applied on 2025-01-02 has run its 365 days by then: Expired
 * assert.equal(forecast.right.find((pool) => pool.poolId === 'acme-kes')?.counts.expired, 1)
 * const past = forecastPools(parseInstant('2024-01-01T00:00:00Z')!)(state)
 * assert(past._tag === 'Left' && past.left.kind === 'before-clock')
 */
export const forecastPools =
  (until: Instant) =>
  (state: LedgerState): E.Either<QueryError, readonly Pool[]> => {
    const past = beforeClock(state, until);
    if (past !== undefined) return E.left(past);
    const tallies = new PoolTallies(state);
    // Every end due by `until` takes its license off Applied (R-T2), renewing or not:
    // a bucket wholly before it at once, by its size.
    forEachEntry(state.licenseEnds, (ends, bucket) => {
      const bar = bucket.indexOf('|');
      const start = Number(bucket.slice(0, bar)) * END_BUCKET_MS;
      if (start > until) return;
      const poolId = bucket.slice(bar + 1);
      if (start + END_BUCKET_MS <= until) tallies.expire(poolId, ends.size);
      else {
        forEachEntry(ends, (due) => {
          if (due.at <= until) tallies.expire(poolId, 1);
        });
      }
    });
    // What takes over, in agenda order (R-T4); each install carries along as its takeovers leave it.
    const renewing: Ending[] = [];
    forEachEntry(state.renewingEnds, ({ due, install }) => {
      // An end that already happened is no longer in licenseEnds (see LedgerState.renewingEnds).
      if (due.at > until) return;
      const ends = getEntry(state.licenseEnds, endBucket(due.at, due.poolId));
      if (ends !== undefined && getEntry(ends, due.licenseId) === due) renewing.push({ due, install, counted: true });
    });
    const agenda = new BinaryHeap(renewing, byDue);
    for (let ending = agenda.pop(); ending !== undefined; ending = agenda.pop()) {
      const { due, install } = ending;
      if (!ending.counted) tallies.expire(due.poolId, 1);
      // What takes over is decided as advanceTo decides it (R-X2, R-X4); here it moves counters only.
      const outcome = termEnd(install, () => {
        const taken = takeUnusedNumber(tallies.pool(due.poolId));
        if (taken === undefined) return undefined;
        tallies.setPool(taken.pool);
        return licenseIdOf(due.poolId, taken.number);
      });
      if (outcome.kind !== 'taken-over') continue;
      tallies.move(due.poolId, counterOf(tallyOf({ status: outcome.from, reservedFrom: null })), APPLIED);
      const number = parseLicenseId(outcome.licenseId)?.number;
      if (number === undefined)
        throw new Error(`internal: ${outcome.licenseId} taking over is not a license of its pool`);
      const end = licenseEndOf(
        due.poolId,
        due.machineId,
        outcome.licenseId,
        due.at,
        fullTermOf(tallies.pool(due.poolId), number, outcome.licenseId),
      );
      if (end !== undefined && end.at <= until) agenda.push({ due: end, install: outcome.install, counted: false });
    }
    return E.right(tallies.all());
  };
