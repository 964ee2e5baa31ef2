import type { Instant } from '../time/instant';
import { beforeClockError, type QueryError } from '../query/query-error';
import type { LedgerState, LicenseEnd } from '../state/ledger-state';
import { keyTermEnded } from '../keys/key-term-ended';
import type { Draft } from './draft';
import { applyLicense, type Cause, takeUnused, transition } from './licenses';
import { installFrom, noteOn, withInstall } from './machines';
import { termEnd } from './term-end';

/**
 * A license term ended on a machine (R-T2): the license is Expired, and what
 * takes over (R-X2, R-X4) is decided by `termEnd`, which `forecastPools` shares.
 */
const licenseTermEnded = (draft: Draft, due: LicenseEnd): void => {
  // An entry is not removed when it goes stale (the license was released or ran on):
  // one that no longer matches is skipped here, unless a replay purged it first
  // (`Draft.purgeAgenda`). The license tells first.
  const license = draft.license(due.licenseId);
  if (license?.status !== 'applied' || license.endAt !== due.at) return;
  const machine = draft.liveMachine(due.machineId);
  const install = machine === undefined ? undefined : installFrom(machine, due.poolId);
  if (machine === undefined || install === undefined || install.licenseId !== due.licenseId) return;
  const expiry: Cause = { at: due.at, eventId: null, rule: 'R-T2' };
  transition(draft, license, { status: 'expired', daysLeft: 0 }, expiry);
  const outcome = termEnd(install, () => takeUnused(draft, due.poolId)?.licenseId);
  // A plain expiry is in the license's history; the machine's history notes only what changed on it.
  if (outcome.kind === 'expired') return;
  const cause: Cause = { ...expiry, rule: outcome.rule };
  if (outcome.kind === 'auto-extend-failed') {
    draft.setMachine(
      draft.keepsHistory
        ? noteOn(
            draft,
            machine,
            cause,
            `${license.licenseId} expired; auto-extend failed: no unused license in pool ${due.poolId}`,
            due.poolId,
            license.licenseId,
          )
        : machine,
    );
    return;
  }
  const next = draft.license(outcome.licenseId);
  if (next === undefined)
    throw new Error(`internal: ${outcome.licenseId} taking over is not a license of pool ${due.poolId}`);
  applyLicense(draft, next, machine.machineId, due.at, cause);
  const placed = withInstall(machine, outcome.install);
  if (!draft.keepsHistory) {
    draft.setMachine(placed);
    return;
  }
  const what =
    outcome.rule === 'R-X2' ? `extension ${next.licenseId} took over` : `auto-extend applied ${next.licenseId}`;
  draft.setMachine(noteOn(draft, placed, cause, `${license.licenseId} expired; ${what}`, due.poolId, next.licenseId));
};

/**
 * Makes every change due at or before `until` happen, in agenda order (R-T4),
 * and moves the clock there. Never moves the clock back.
 */
export const advanceDraft = (draft: Draft, until: Instant): void => {
  for (let due = draft.takeDue(until); due !== undefined; due = draft.takeDue(until)) {
    // A back-dated install's end shows from the event that made it due, not before.
    if (due.at > draft.now) draft.now = due.at;
    if (due.kind === 'license-end') licenseTermEnded(draft, due);
    else keyTermEnded(draft, due);
  }
  if (draft.clock === null || until > draft.clock) draft.clock = until;
};

/** Why `until` cannot be reached from this state (it lies in its past), if it cannot. */
export const beforeClock = (state: LedgerState, until: Instant): QueryError | undefined =>
  state.clock !== null && until < state.clock ? beforeClockError(until, state.clock) : undefined;
