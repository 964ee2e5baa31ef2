/**
 * The explanation of one machine: its installs, its history, and every license
 * that was ever on it.
 *
 * @since 0.3.0
 */
import * as E from 'fp-ts/Either';
import { historyToArray } from '../collections/history';
import type { LedgerState } from '../state/ledger-state';
import type { Machine, MachineChange } from '../state/machine';
import { type LicenseExplanation, licenseExplanation } from './explain-license';
import { getMachine, getPool, touchedLicenses } from './lookup';
import { type QueryError, unknownMachine } from './query-error';

/**
 * A machine, explained at the state's clock.
 *
 * @since 0.3.0
 */
export interface MachineExplanation {
  /** Its record: group, incarnation, deletion, installs now. */
  readonly machine: Machine;
  /** Oldest first, every change with the event and rule behind it. */
  readonly history: readonly MachineChange[];
  /** Every license that was ever on, reserved for or queued on this machine id, by pool id then number. */
  readonly licenses: readonly LicenseExplanation[];
}

/**
 * Explains a machine at the state's clock: its record, its history, and every
 * license that was ever on it, each explained as `explainLicense` does. A deleted
 * agent is explained too (`deletedAt` set); `unknown-machine` for an id no event
 * ever installed on.
 *
 * @since 0.3.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, explainMachine, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"KesInstalled","id":"e2","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 *   '{"type":"Uninstalled","id":"e3","at":"2025-03-08T08:30:00Z","poolId":"acme-kes","machineId":"ws-001"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const explained = explainMachine('ws-001')(state)
 * assert(explained._tag === 'Right')
 * assert.deepStrictEqual(explained.right.machine.installs, []) // uninstalled
 * assert.deepStrictEqual(explained.right.licenses.map((l) => [l.license.licenseId, l.license.status]), [['acme-kes#1', 'partial']])
 * assert.equal(explainMachine('ws-999')(state)._tag, 'Left')
 */
export const explainMachine =
  (machineId: string) =>
  (state: LedgerState): E.Either<QueryError, MachineExplanation> => {
    const machine = getMachine(state, machineId);
    if (machine === undefined) return E.left(unknownMachine(machineId));
    const history = historyToArray(machine.history);
    const poolIds = new Set([
      ...machine.installs.map((install) => install.poolId),
      ...history.flatMap((change) => (change.poolId === null ? [] : [change.poolId])),
    ]);
    const licenses: LicenseExplanation[] = [];
    for (const poolId of [...poolIds].sort()) {
      const pool = getPool(state, poolId);
      if (pool === undefined) continue;
      // A license never handed out has no history, so only those that left Unused can have been on the machine.
      for (const license of touchedLicenses(state, poolId)) {
        if (historyToArray(license.history).some((change) => change.machineId === machineId))
          licenses.push(licenseExplanation(state, pool, license));
      }
    }
    return E.right({ machine, history, licenses });
  };
