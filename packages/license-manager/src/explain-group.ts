import * as E from 'fp-ts/Either';
import { type LedgerState, type QueryError } from '@license-ledger/core';
import { getPool, installedNow, mapValues, unknownPool } from '@license-ledger/core/internal';

/**
 * The machine ids behind one group's count in a pool's breakdown, sorted: live
 * machines (agent not deleted) in the group with the pool's module installed,
 * whatever the state of its license, expired included (R-V3). A pending install
 * is not installed yet, so it is not counted; an expired install that a pending
 * reinstall is replacing still is (core's `installedNow`). It walks every machine rather than
 * reading core's per-group counters, so its length is an independent recount.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { readFileSync } from 'node:fs'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { explainGroup } from '@license-ledger/license-manager'
 * const log = readFileSync('audit.ndjson', 'utf8') // examples/quickstart.ndjson: one KES license applied, uninstalled 65 days later
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * assert.deepStrictEqual(explainGroup('acme-kes', 'acme.hq')(state), { _tag: 'Right', right: [] }) // no machine of acme.hq holds a license now
 */
export const explainGroup =
  (poolId: string, groupId: string) =>
  (state: LedgerState): E.Either<QueryError, readonly string[]> => {
    if (getPool(state, poolId) === undefined) return E.left(unknownPool(poolId));
    const ids: string[] = [];
    // Unsorted walk, then sort only the matches: listMachines would sort every machine.
    for (const machine of mapValues(state.machines)) {
      if (machine.groupId === groupId && installedNow(machine).some((install) => install.poolId === poolId)) {
        ids.push(machine.machineId);
      }
    }
    return E.right(ids.sort());
  };
