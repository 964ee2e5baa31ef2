import * as E from 'fp-ts/Either';
import type { AvUninstalledByUserEvent, UninstalledEvent } from '../../events/license-events';
import type { Installation } from '../../state/machine';
import type { Draft } from '../draft';
import { type Cause, daysLeftAt, releaseWithDaysLeft, returnToUnused } from '../licenses';
import { adjustGroup, installFrom, noteOn, withoutInstall } from '../machines';
import { reject } from '../rejection';
import type { RuleId } from '../../state/rules';
import { causeOf, type Handler, unknownMachine, unknownPool, withRule } from './handler';

/**
 * R-U2: extensions still queued go back to Unused, caused by `cause` under
 * `rule` (by default its own). The cause under `rule` is made only when there
 * is a queue: most installs have none.
 */
export const returnQueue = (draft: Draft, install: Installation, cause: Cause, rule: RuleId = cause.rule): void => {
  if (install.queue.length === 0) return;
  const because = withRule(cause, rule);
  for (const licenseId of install.queue) returnToUnused(draft, licenseId, because);
};

/**
 * R-U1: before the term ends the license becomes Partial with the whole days
 * left (R-T3); after it, it stays Expired. A seat without a term is released to Unused.
 */
export const uninstalled: Handler<UninstalledEvent> = (reader, event) => {
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  const machine = reader.liveMachine(event.machineId);
  if (machine === undefined) return unknownMachine(event.id, event.machineId);
  const install = installFrom(machine, pool.poolId);
  if (install === undefined)
    return reject(event.id, 'R-U1', `nothing from pool ${pool.poolId} is installed on ${event.machineId}`);
  if (install.status === 'pending')
    return reject(
      event.id,
      'R-U1',
      `the install from pool ${pool.poolId} on ${event.machineId} is still pending; it ends with InstallFailed`,
    );
  return E.right((draft) => {
    const cause = causeOf(event, 'R-U1');
    const license = draft.license(install.licenseId);
    const released =
      license?.status === 'applied'
        ? releaseWithDaysLeft(draft, license, daysLeftAt(license, event.at), event.at, cause)
        : undefined;
    returnQueue(draft, install, cause, 'R-U2');
    adjustGroup(draft, pool.poolId, machine.groupId, -1);
    const rest = withoutInstall(machine, pool.poolId);
    if (!draft.keepsHistory) {
      draft.setMachine(rest);
      return;
    }
    const what =
      released === undefined
        ? `uninstalled; ${install.licenseId} stays ${license?.status ?? 'unknown'}`
        : released.status === 'partial'
          ? `uninstalled; ${install.licenseId} is Partial with ${released.daysLeft} days left`
          : `uninstalled; ${install.licenseId} is ${released.status}`;
    draft.setMachine(noteOn(draft, rest, cause, what, pool.poolId, install.licenseId));
  });
};

/** R-U3: the user removed the antivirus by hand; every license stays as it is and keeps counting down. */
export const avUninstalledByUser: Handler<AvUninstalledByUserEvent> = (reader, event) => {
  const machine = reader.liveMachine(event.machineId);
  if (machine === undefined) return unknownMachine(event.id, event.machineId);
  return E.right((draft) => {
    const note = 'antivirus removed by the end user; licenses unchanged and still counting down';
    draft.setMachine(noteOn(draft, { ...machine, avRemovedAt: event.at }, causeOf(event, 'R-U3'), note, null, null));
  });
};
