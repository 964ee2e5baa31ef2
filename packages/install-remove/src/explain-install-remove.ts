import * as E from 'fp-ts/Either';
import { type LedgerState, licenseIdOf, type QueryError, untouchedRange } from '@license-ledger/core';
import { getPool, tallyOf, touchedLicenses, unknownPool } from '@license-ledger/core/internal';
import { INSTALL_REMOVE_COUNT_OF, type InstallRemoveCount } from './install-remove-counts';

/**
 * The license ids behind one popup count, in license-number order. It walks
 * every license that ever left Unused by status (O(licenses ever used), not
 * O(Max)) rather than reading core's counters, so it is also an independent
 * recount: its length equals the count. Only `unused` lists the never-used
 * range too, one id per license: its cost is the size of its answer.
 * Which count a license is behind comes from the same table as the counts
 * (`INSTALL_REMOVE_COUNT_OF` of core's `tallyOf`).
 * A pool never purchased is a `Left` (`unknown-pool`).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { readFileSync } from 'node:fs'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { explainInstallRemove } from '@license-ledger/install-remove'
 * const log = readFileSync('audit.ndjson', 'utf8') // examples/quickstart.ndjson: one KES license applied, uninstalled 65 days later
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.deepStrictEqual(explainInstallRemove('acme-kes', 'partial')(state), { _tag: 'Right', right: ['acme-kes#1'] })
 */
export const explainInstallRemove =
  (poolId: string, count: InstallRemoveCount) =>
  (state: LedgerState): E.Either<QueryError, readonly string[]> => {
    const pool = getPool(state, poolId);
    if (pool === undefined) return E.left(unknownPool(poolId));
    const ids: string[] = [];
    for (const license of touchedLicenses(state, poolId)) {
      if (INSTALL_REMOVE_COUNT_OF[tallyOf(license)] === count) ids.push(license.licenseId);
    }
    const range = untouchedRange(pool);
    if (count === 'unused' && range !== undefined)
      for (let n = range.first; n <= range.last; n++) ids.push(licenseIdOf(poolId, n));
    return E.right(ids);
  };
