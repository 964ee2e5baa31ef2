import * as E from 'fp-ts/Either';
import { type LedgerState, type QueryError } from '@license-ledger/core';
import { getPool, tallyOf, touchedLicenses, unknownPool } from '@license-ledger/core/internal';
import { IN_USED } from './license-manager-counts';

/**
 * The license ids behind a pool's Used, in license-number order. It walks every
 * license that ever left Unused by status (a never-used one is never Used, R-V2;
 * O(licenses ever used), not O(Max)) rather than reading core's counters, so
 * its length is an independent recount of Used. Which licenses are in Used comes
 * from the same table as the count ({@link IN_USED} of core's `tallyOf`). An unknown pool explains nothing.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { readFileSync } from 'node:fs'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { explainUsed } from '@license-ledger/license-manager'
 * const log = readFileSync('audit.ndjson', 'utf8') // examples/quickstart.ndjson: one KES license applied, uninstalled 65 days later
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.deepStrictEqual(explainUsed('acme-kes')(state), { _tag: 'Right', right: ['acme-kes#1'] }) // Partial counts as Used
 * const unknown = explainUsed('no-such-pool')(state)
 * assert(unknown._tag === 'Left' && unknown.left.kind === 'unknown-pool')
 */
export const explainUsed =
  (poolId: string) =>
  (state: LedgerState): E.Either<QueryError, readonly string[]> => {
    if (getPool(state, poolId) === undefined) return E.left(unknownPool(poolId));
    const ids: string[] = [];
    for (const license of touchedLicenses(state, poolId)) if (IN_USED[tallyOf(license)]) ids.push(license.licenseId);
    return E.right(ids);
  };
