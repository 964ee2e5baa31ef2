import {
  addExactDays,
  advanceTo,
  historyToArray,
  type LedgerState,
  listMachines,
  listPools,
} from '@license-ledger/core';
import { getLicense, poolLicenses } from '@license-ledger/core/internal';
import * as E from 'fp-ts/Either';
import type { StateInvariant } from './invariant';

/** Every takeover already in the histories: at the instant one license expired on that machine, with a full term. */
const pastTakeovers = (state: LedgerState): string[] => {
  const out: string[] = [];
  for (const pool of listPools(state)) {
    const licenses = [...poolLicenses(state, pool.poolId)];
    const expiries = new Set(
      licenses.flatMap((l) =>
        historyToArray(l.history)
          .filter((c) => c.status === 'expired' && c.rule === 'R-T2')
          .map((c) => `${c.machineId}@${c.at}`),
      ),
    );
    for (const license of licenses) {
      const changes = historyToArray(license.history);
      changes.forEach((change, i) => {
        if (change.rule !== 'R-X2' || change.status !== 'applied') return;
        if (!expiries.has(`${change.machineId}@${change.at}`)) {
          out.push(
            `R-X2: ${license.licenseId} took over on ${change.machineId} at ${change.at}, when no license ended there`,
          );
        }
        if (change.daysLeft !== license.termDays)
          out.push(
            `R-X2: ${license.licenseId} took over with ${change.daysLeft} days, not its full term ${license.termDays}`,
          );
        const current = license.status === 'applied' && i === changes.length - 1;
        if (
          current &&
          (license.startAt !== change.at || license.endAt !== addExactDays(change.at, license.termDays ?? 0))
        ) {
          out.push(`R-X2: ${license.licenseId} took over at ${change.at} but runs ${license.startAt}–${license.endAt}`);
        }
      });
    }
  }
  return out;
};

/** Every takeover still to come: run time to the applied license's end and look at the first queued extension. */
const nextTakeovers = (state: LedgerState): string[] =>
  listMachines(state)
    .filter((machine) => machine.deletedAt === null)
    .flatMap((machine) =>
      machine.installs.flatMap((install) => {
        const [next] = install.queue;
        const current = getLicense(state, install.licenseId);
        if (next === undefined || current?.status !== 'applied' || current.endAt === null) return [];
        const end = current.endAt;
        const later = advanceTo(end)(state);
        if (E.isLeft(later)) return [`R-X2: cannot run ${machine.machineId} to ${end}: ${later.left.message}`];
        const taken = getLicense(later.right, next);
        return taken?.status === 'applied' && taken.machineId === machine.machineId && taken.startAt === end
          ? []
          : [
              `R-X2: when ${current.licenseId} ends at ${end} on ${machine.machineId}, queued ${next} is ${taken?.status ?? 'unknown'} starting ${taken?.startAt ?? 'never'}, not applied from that instant`,
            ];
      }),
    );

/**
 * R-X2: a queued extension takes over exactly when the applied license ends,
 * with a full term from the old end. Checked both ways: every takeover in the
 * licenses' histories happened at the instant a license expired on that machine
 * and with a full term, and running time to the end of each applied license
 * that has extensions queued makes the first of them applied from exactly that end.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { extensionsStartAtPreviousEnd } from '@license-ledger/testing'
 * assert.deepStrictEqual(extensionsStartAtPreviousEnd(emptyLedger()), [])
 */
export const extensionsStartAtPreviousEnd: StateInvariant = (state) => [
  ...pastTakeovers(state),
  ...nextTakeovers(state),
];
