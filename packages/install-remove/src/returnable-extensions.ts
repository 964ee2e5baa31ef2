import * as E from 'fp-ts/Either';
import { byId, type LedgerState, type QueryError } from '@license-ledger/core';
import { getMachine, unknownMachine } from '@license-ledger/core/internal';

/**
 * The extensions queued on one machine from one pool: they show as Returnable on
 * the Extend/Return page until applied (R-X1). `licenseIds` is in queue order,
 * next to take over first; `Returned` gives back from the end (R-X3).
 *
 * @since 0.1.0
 */
export interface Returnable {
  readonly machineId: string;
  readonly poolId: string;
  readonly licenseIds: readonly string[];
}

const byPoolId = byId((row: Returnable) => row.poolId);

/**
 * The Extend/Return page for a machine at the state's clock: one row per pool with
 * at least one queued extension, sorted by pool id. A deleted agent has nothing
 * returnable (its queue waits for recovery, R-D2); an unknown machine is a `Left` (`unknown-machine`).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { readFileSync } from 'node:fs'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { returnableExtensions } from '@license-ledger/install-remove'
 * const log = readFileSync('audit.ndjson', 'utf8') // examples/quickstart.ndjson: one KES license applied, uninstalled 65 days later
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * // ws-001 holds no extension it could return
 * assert.deepStrictEqual(returnableExtensions('ws-001')(state), { _tag: 'Right', right: [] })
 * const unknown = returnableExtensions('ws-999')(state)
 * assert(unknown._tag === 'Left' && unknown.left.kind === 'unknown-machine')
 */
export const returnableExtensions =
  (machineId: string) =>
  (state: LedgerState): E.Either<QueryError, readonly Returnable[]> => {
    const machine = getMachine(state, machineId);
    if (machine === undefined) return E.left(unknownMachine(machineId));
    if (machine.deletedAt !== null) return E.right([]);
    return E.right(
      machine.installs
        .filter((install) => install.queue.length > 0)
        .map((install) => ({ machineId, poolId: install.poolId, licenseIds: [...install.queue] }))
        .sort(byPoolId),
    );
  };
