import * as E from 'fp-ts/Either';
import type {
  InstallFailedEvent,
  InstallRequestedEvent,
  KesInstalledEvent,
  ModuleInstalledEvent,
} from '../../events/license-events';
import type { Instant } from '../../time/instant';
import type { Installation, Machine } from '../../state/machine';
import type { Pool } from '../../state/pool';
import type { Draft, LedgerReader } from '../draft';
import { applyLicense, hasLicenseForInstall, takeForInstall, transition } from '../licenses';
import {
  adjustGroup,
  installFrom,
  installOfModule,
  machineForInstall,
  noteOn,
  replaceModuleInstall,
  sameMachineId,
  withoutPending,
} from '../machines';
import { reject } from '../rejection';
import { NO_QUEUE } from '../install-records';
import { causeOf, type Handler, isKes, unknownMachine, unknownPool, withRule } from './handler';

const runningOn = (reader: LedgerReader, install: Installation): boolean => {
  const license = reader.license(install.licenseId);
  return license !== undefined && (license.status === 'applied' || license.status === 'held');
};

/** Why an install cannot start on this machine, if it cannot (R-L3, R-I1, R-I5). */
const blockedInstall = (
  reader: LedgerReader,
  event: { id: string; machineId: string },
  pool: Pool,
  machine: Machine | undefined,
  needsLicense: boolean,
) => {
  const current = machine === undefined ? undefined : installOfModule(reader, machine, pool.module);
  if (current?.status === 'pending')
    return reject(
      event.id,
      'R-I1',
      `${event.machineId} already has a ${pool.module} install pending from pool ${current.poolId}`,
    );
  if (current !== undefined && runningOn(reader, current)) {
    return reject(
      event.id,
      'R-L3',
      `${pool.module} is already installed on ${event.machineId} with a running license (${current.licenseId})`,
    );
  }
  if (needsLicense && !hasLicenseForInstall(pool))
    return reject(event.id, 'R-I5', `pool ${pool.poolId} has no partial or unused license left`);
  return undefined;
};

/** R-I1: a pending install reserves one license, partials first (R-I2). */
export const installRequested: Handler<InstallRequestedEvent> = (reader, event) => {
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  const blocked = blockedInstall(reader, event, pool, reader.liveMachine(event.machineId), true);
  if (blocked !== undefined) return blocked;
  return E.right((draft) => {
    const cause = causeOf(event, 'R-I1');
    const license = takeForInstall(draft, pool.poolId);
    if (license === undefined) throw new Error(`internal: no license for ${event.id} although the checks found one`);
    const reservedFrom = license.status === 'partial' ? 'partial' : 'unused';
    transition(
      draft,
      license,
      { status: 'reserved', machineId: sameMachineId(draft, event.machineId), reservedFrom },
      withRule(cause, reservedFrom === 'partial' ? 'R-I2' : 'R-I1'),
    );
    const machine = machineForInstall(draft, event.machineId, event.groupId, cause);
    const pending = {
      poolId: pool.poolId,
      status: 'pending',
      licenseId: license.licenseId,
      queue: NO_QUEUE,
      since: event.at,
    } as const;
    const placed = replaceModuleInstall(draft, machine, pool.module, pending);
    draft.setMachine(
      draft.keepsHistory
        ? noteOn(
            draft,
            placed,
            cause,
            `install requested; ${license.licenseId} reserved`,
            pool.poolId,
            license.licenseId,
          )
        : placed,
    );
  });
};

const completeInstall = (
  reader: LedgerReader,
  event: KesInstalledEvent | ModuleInstalledEvent,
  pool: Pool,
  startAt: Instant,
) => {
  const machine = reader.liveMachine(event.machineId);
  const pending = machine === undefined ? undefined : installFrom(machine, pool.poolId);
  if (pending?.status !== 'pending') {
    const blocked = blockedInstall(reader, event, pool, machine, true);
    if (blocked !== undefined) return blocked;
  }
  return E.right((draft: Draft) => {
    const cause = causeOf(event, 'R-I3');
    // The license first: the checks above guarantee one, and nothing is written before it is in hand.
    const reserved =
      pending?.status === 'pending' ? draft.license(pending.licenseId) : takeForInstall(draft, pool.poolId);
    if (reserved === undefined) throw new Error(`internal: no license for ${event.id} although the checks found one`);
    const target = machineForInstall(draft, event.machineId, event.groupId, cause);
    const rule = pending?.status !== 'pending' && reserved.status === 'partial' ? 'R-I2' : 'R-I3';
    const applied = applyLicense(draft, reserved, target.machineId, startAt, withRule(cause, rule));
    const installed = {
      poolId: pool.poolId,
      status: 'installed',
      licenseId: applied.licenseId,
      queue: NO_QUEUE,
      since: startAt,
    } as const;
    const placed = replaceModuleInstall(draft, target, pool.module, installed);
    adjustGroup(draft, pool.poolId, target.groupId, +1);
    draft.setMachine(
      draft.keepsHistory
        ? noteOn(
            draft,
            placed,
            cause,
            `${pool.module} installed; ${applied.licenseId} applied`,
            pool.poolId,
            applied.licenseId,
          )
        : placed,
    );
  });
};

/** R-I3: KES checked in; the term runs from `installedAt`. Without a pending request it takes a license by R-I2. */
export const kesInstalled: Handler<KesInstalledEvent> = (reader, event) => {
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  if (!isKes(pool))
    return reject(event.id, 'R-L3', `KesInstalled names pool ${pool.poolId}, whose module is ${pool.module}, not KES`);
  return completeInstall(reader, event, pool, event.installedAt ?? event.at);
};

/** A seat module installed (R-P2): its license runs without a term unless the purchase gave one. */
export const moduleInstalled: Handler<ModuleInstalledEvent> = (reader, event) => {
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  if (isKes(pool))
    return reject(event.id, 'R-L3', `ModuleInstalled names KES pool ${pool.poolId}; KES installs are KesInstalled`);
  return completeInstall(reader, event, pool, event.at);
};

/** R-I4: the reserved license goes back where it came from, days unchanged; a partial keeps its place (R-I2). */
export const installFailed: Handler<InstallFailedEvent> = (reader, event) => {
  const pool = reader.pool(event.poolId);
  if (pool === undefined) return unknownPool(event.id, event.poolId);
  const machine = reader.liveMachine(event.machineId);
  if (machine === undefined) return unknownMachine(event.id, event.machineId);
  const pending = installFrom(machine, pool.poolId);
  if (pending?.status !== 'pending')
    return reject(event.id, 'R-I4', `${event.machineId} has no install pending from pool ${pool.poolId}`);
  return E.right((draft) => {
    const cause = causeOf(event, 'R-I4');
    const license = draft.license(pending.licenseId);
    if (license !== undefined) {
      const back = license.reservedFrom === 'partial' ? 'partial' : 'unused';
      transition(draft, license, { status: back, machineId: null, reservedFrom: null }, cause);
    }
    const rest = withoutPending(machine, pending);
    draft.setMachine(
      draft.keepsHistory
        ? noteOn(draft, rest, cause, `install failed; ${pending.licenseId} given back`, pool.poolId, pending.licenseId)
        : rest,
    );
  });
};
