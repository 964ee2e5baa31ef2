import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { forecastPools, type Instant, type LedgerState, type QueryError } from '@license-ledger/core';
import { type LicenseManagerCounts, licenseManagerCountsOf } from './license-manager-counts';

/**
 * The License Manager numbers of one pool, with the pool they belong to.
 *
 * @since 0.1.0
 */
export interface PoolLicenseManager {
  readonly poolId: string;
  readonly module: string;
  readonly counts: LicenseManagerCounts;
}

/**
 * The License Manager numbers of every pool as of `at`, sorted by pool id. Time
 * runs forward to `at` first (R-T4): a license that expires by then is still
 * Used, a machine whose license expired still counts in its group. An instant
 * before the state's clock is a `Left`: the past is read by replaying up to it.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { readFileSync } from 'node:fs'
 * import { decodeLog, parseInstant, replay, splitLines } from '@license-ledger/core'
 * import { licenseManagerAt } from '@license-ledger/license-manager'
 * const log = readFileSync('audit.ndjson', 'utf8') // examples/quickstart.ndjson: one KES license applied, uninstalled 65 days later
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const rows = licenseManagerAt(parseInstant('2025-06-01T00:00:00Z')!)(state)
 * assert(rows._tag === 'Right')
 * assert.deepStrictEqual(rows.right.map((row) => [row.poolId, row.counts.used, row.counts.max]), [['acme-kes', 1, 10]])
 */
export const licenseManagerAt =
  (at: Instant) =>
  (state: LedgerState): E.Either<QueryError, readonly PoolLicenseManager[]> =>
    pipe(
      state,
      forecastPools(at),
      E.map((pools) =>
        pools.map((pool) => ({ poolId: pool.poolId, module: pool.module, counts: licenseManagerCountsOf(pool) })),
      ),
    );
