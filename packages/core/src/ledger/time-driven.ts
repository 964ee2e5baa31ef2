import type { Instant } from '../time/instant';
import type { Due } from '../state/ledger-state';
import { keyTermEnded } from '../keys/key-term-ended';
import type { Draft } from './draft';
import { applyLicense, type Cause, takeUnused, transition } from './licenses';
import { installFrom, noteOn, withInstall } from './machines';

/**
 * A license term ended on a machine (R-T2). The next queued extension takes over
 * with a full term from the old end (R-X2); else, with auto-extend on, a
 * never-used license does (R-X4, never a partial); else the license is Expired.
 */
const licenseTermEnded = (draft: Draft, due: Due): void => {
  const machine = draft.liveMachine(due.machineId);
  const install = machine === undefined ? undefined : installFrom(machine, due.poolId);
  const license = draft.license(due.ref);
  // Entries are never removed from the agenda; one that no longer matches is stale.
  if (machine === undefined || install?.licenseId !== due.ref || license?.status !== 'applied' || license.endAt !== due.at) return;
  const expiry: Cause = { at: due.at, eventId: null, rule: 'R-T2' };
  transition(draft, license, { status: 'expired', daysLeft: 0 }, expiry);
  const [next, ...queue] = install.queue;
  if (next !== undefined) {
    const extension = draft.license(next);
    if (extension === undefined) throw new Error(`internal: queued extension ${next} is not a license of its pool`);
    const cause: Cause = { ...expiry, rule: 'R-X2' };
    applyLicense(draft, extension, machine.machineId, due.at, cause);
    draft.setMachine(noteOn(draft, withInstall(machine, { ...install, licenseId: next, queue }), cause, `${license.licenseId} expired; extension ${next} took over`, due.poolId, next));
    return;
  }
  // A plain expiry is in the license's history; the machine's history notes only what changed on it.
  if (!install.autoExtend) return;
  const cause: Cause = { ...expiry, rule: 'R-X4' };
  const fresh = takeUnused(draft, due.poolId);
  if (fresh === undefined) {
    draft.setMachine(noteOn(draft, machine, cause, `${license.licenseId} expired; auto-extend failed: no unused license in pool ${due.poolId}`, due.poolId, license.licenseId));
    return;
  }
  applyLicense(draft, fresh, machine.machineId, due.at, cause);
  draft.setMachine(noteOn(draft, withInstall(machine, { ...install, licenseId: fresh.licenseId }), cause, `${license.licenseId} expired; auto-extend applied ${fresh.licenseId}`, due.poolId, fresh.licenseId));
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
