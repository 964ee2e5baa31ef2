import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { forecastPools, type Instant, type LedgerState, type QueryError } from '@license-ledger/core';
import { type InstallRemoveCounts, installRemoveCountsOf } from './install-remove-counts';

/**
 * The Install/Remove popup of one pool, with the pool it belongs to.
 *
 * @since 0.1.0
 */
export interface PoolInstallRemove {
  readonly poolId: string;
  readonly module: string;
  readonly counts: InstallRemoveCounts;
}

/**
 * The Install/Remove popup of every pool as of `at`, sorted by pool id. Time runs
 * forward to `at` first (core's `forecastPools`, which builds no full future state),
 * so expiries, extension takeovers and auto-extends due by
 * then have happened (R-T4). An instant before the state's clock is a `Left`:
 * the past is read by replaying the log up to it.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { readFileSync } from 'node:fs'
 * import { decodeLog, parseInstant, replay, splitLines } from '@license-ledger/core'
 * import { installRemoveAt } from '@license-ledger/install-remove'
 * const log = readFileSync('audit.ndjson', 'utf8') // examples/quickstart.ndjson: one KES license applied, uninstalled 65 days later
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const rows = installRemoveAt(parseInstant('2025-06-01T00:00:00Z')!)(state) // every pool, at a later instant
 * assert(rows._tag === 'Right')
 * assert.deepStrictEqual(rows.right.map((row) => [row.poolId, row.counts.partial, row.counts.unused]), [['acme-kes', 1, 9]])
 * const before = installRemoveAt(parseInstant('2024-01-01T00:00:00Z')!)(state)
 * assert(before._tag === 'Left' && before.left.kind === 'before-clock')
 */
export const installRemoveAt =
  (at: Instant) =>
  (state: LedgerState): E.Either<QueryError, readonly PoolInstallRemove[]> =>
    pipe(
      state,
      forecastPools(at),
      E.map((pools) =>
        pools.map((pool) => ({ poolId: pool.poolId, module: pool.module, counts: installRemoveCountsOf(pool) })),
      ),
    );
