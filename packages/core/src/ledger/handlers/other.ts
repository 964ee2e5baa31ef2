import * as E from 'fp-ts/Either';
import type { LicenseMarkedOtherEvent, OtherResolvedEvent } from '../../events/license-events';
import { daysLeftAt, releaseWithDaysLeft, transition } from '../licenses';
import { adjustGroup, installFrom, noteOn, withoutInstall, withoutPending } from '../machines';
import { reject } from '../rejection';
import { causeOf, type Handler, unknownMachine, unknownPool } from './handler';
import { returnQueue } from './uninstall';

/**
 * R-O1: the machine's license from the pool is orphaned: it leaves the machine
 * as Other, keeping the days it had. Decision: like an uninstall, the machine no
 * longer has the module, and its queued extensions go back to Unused (R-U2).
 * An expired license cannot be marked Other (R-U1): the event is rejected.
 */
export const licenseMarkedOther: Handler<LicenseMarkedOtherEvent> = (reader, event) => {
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  const machine = reader.liveMachine(event.machineId);
  if (machine === undefined) return unknownMachine(event.id, event.machineId);
  const install = installFrom(machine, pool.poolId);
  if (install === undefined)
    return reject(event.id, 'R-O1', `${event.machineId} holds no license from pool ${pool.poolId}`);
  // R-U1: an expired license is not recoverable; as Other, support could resolve it back to a count it left.
  if (install.status === 'installed' && reader.license(install.licenseId)?.status === 'expired') {
    return reject(
      event.id,
      'R-O1',
      `${install.licenseId} on ${event.machineId} has expired; an expired license cannot be marked Other (R-U1: expired licenses are not recoverable)`,
    );
  }
  return E.right((draft) => {
    const cause = causeOf(event, 'R-O1');
    const license = draft.license(install.licenseId);
    if (license !== undefined) {
      const daysLeft = license.status === 'applied' ? daysLeftAt(license, event.at) : license.daysLeft;
      transition(
        draft,
        license,
        { status: 'other', daysLeft, startAt: null, endAt: null },
        cause,
        event.reason === '' ? null : event.reason,
      );
    }
    returnQueue(draft, install, cause, 'R-U2');
    if (install.status === 'installed') adjustGroup(draft, pool.poolId, machine.groupId, -1);
    const rest = install.status === 'pending' ? withoutPending(machine, install) : withoutInstall(machine, pool.poolId);
    draft.setMachine(
      noteOn(draft, rest, cause, `${install.licenseId} marked Other: ${event.reason}`, pool.poolId, install.licenseId),
    );
  });
};

/** R-O2: support moves one Other license to Partial (with its days), Unused (a full term) or Expired. */
export const otherResolved: Handler<OtherResolvedEvent> = (reader, event) => {
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  const license = reader.license(event.licenseId);
  if (license === undefined || license.poolId !== pool.poolId)
    return reject(event.id, 'R-O2', `pool ${pool.poolId} has no license ${event.licenseId}`);
  if (license.status !== 'other') return reject(event.id, 'R-O2', `${event.licenseId} is ${license.status}, not Other`);
  if (event.resolution === 'partial' && license.daysLeft === null) {
    return reject(event.id, 'R-O2', `${event.licenseId} is a seat without a term; it cannot be Partial`);
  }
  if (event.resolution === 'partial' && license.daysLeft !== null && license.daysLeft <= 0) {
    return reject(
      event.id,
      'R-O2',
      `${event.licenseId} has no days left; it cannot be Partial (resolve it to expired)`,
    );
  }
  return E.right((draft) => {
    const cause = causeOf(event, 'R-O2');
    if (event.resolution === 'partial') releaseWithDaysLeft(draft, license, license.daysLeft, event.at, cause);
    else if (event.resolution === 'unused')
      transition(draft, license, { status: 'unused', daysLeft: license.termDays, machineId: null }, cause);
    else transition(draft, license, { status: 'expired', daysLeft: 0 }, cause);
  });
};
