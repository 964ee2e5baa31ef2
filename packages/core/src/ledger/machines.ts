import { appendHistory, emptyHistory } from '../collections/history';
import { getEntry, removeEntry, setEntry } from '../collections/persistent-map';
import type { Installation, Machine } from '../state/machine';
import type { Pool } from '../state/pool';
import type { Draft, LedgerReader } from './draft';
import { installedNow } from '../query/installed-now';
import type { Cause } from './licenses';

/**
 * Adds a note to a machine's history. A draft that keeps no histories (a replay
 * for counts) returns the machine as it is: callers whose note is built from
 * parts build it only when {@link Draft.keepsHistory} (`keepsHistory ? noteOn(…) : machine`),
 * so such a replay makes none of those strings (~80 B per event on the 1M-event log).
 */
export const noteOn = (
  draft: Draft,
  machine: Machine,
  cause: Cause,
  what: string,
  poolId: string | null,
  licenseId: string | null,
): Machine =>
  draft.keepsHistory
    ? {
        ...machine,
        history: appendHistory(
          machine.history,
          Object.freeze({ at: cause.at, eventId: cause.eventId, rule: cause.rule, what, poolId, licenseId }),
        ),
      }
    : machine;

/**
 * `machineId` as the string the ledger already holds for that machine, if it
 * holds one: each event brings its own copy of the id, and a license, an end or
 * a record that kept the event's would keep one more string per machine
 * (~110 000 of them, 3.5 MB, at the end of the memory benchmark's log).
 */
export const sameMachineId = (draft: Draft, machineId: string): string =>
  draft.machine(machineId)?.machineId ?? machineId;

/**
 * The machine an install event lands on: the live one, or a new machine when the id
 * is unknown or its agent was deleted (R-D5, a new incarnation that keeps the id's history).
 */
export const machineForInstall = (draft: Draft, machineId: string, groupId: string, cause: Cause): Machine => {
  const known = draft.machine(machineId);
  if (known !== undefined && known.deletedAt === null) {
    if (known.groupId === groupId) return known;
    for (const install of installedNow(known)) {
      adjustGroup(draft, install.poolId, known.groupId, -1);
      adjustGroup(draft, install.poolId, groupId, +1);
    }
    const moved = { ...known, groupId };
    return draft.keepsHistory
      ? noteOn(draft, moved, cause, `moved from group ${known.groupId} to ${groupId}`, null, null)
      : moved;
  }
  const fresh: Machine = {
    machineId: known?.machineId ?? machineId,
    incarnation: known === undefined ? 1 : known.incarnation + 1,
    groupId: known?.groupId === groupId ? known.groupId : groupId,
    deletedAt: null,
    avRemovedAt: null,
    installs: [],
    history: known === undefined ? emptyHistory() : known.history,
  };
  if (!draft.keepsHistory) return fresh;
  const rule = known === undefined ? cause.rule : 'R-D5';
  return noteOn(
    draft,
    fresh,
    { ...cause, rule },
    known === undefined
      ? `new machine in group ${groupId}`
      : `new machine after the agent was deleted, in group ${groupId}`,
    null,
    null,
  );
};

export const installFrom = (machine: Machine, poolId: string): Installation | undefined => {
  // Indexed loops here and below: these run several times per event, and an unoptimized for…of allocates per step.
  const installs = machine.installs;
  for (let i = 0; i < installs.length; i++) if ((installs[i] as Installation).poolId === poolId) return installs[i];
  return undefined;
};

/** A machine runs one install per module, whichever pool it came from (R-L3). */
export const installOfModule = (reader: LedgerReader, machine: Machine, module: string): Installation | undefined => {
  const installs = machine.installs;
  for (let i = 0; i < installs.length; i++) {
    const install = installs[i] as Installation;
    if (reader.pool(install.poolId)?.module === module) return install;
  }
  return undefined;
};

/**
 * The machine with `install` in place of its install of the same module (from any
 * pool). A pending reinstall keeps the install it replaces (expired, still on the
 * machine and in its group, R-V3); a completed install drops it from its group.
 * Auto-extend is a setting of the machine's module, so it carries over.
 */
export const replaceModuleInstall = (
  draft: Draft,
  machine: Machine,
  module: string,
  install: Omit<Installation, 'autoExtend' | 'replaces'>,
): Machine => {
  const previous = installOfModule(draft, machine, module);
  const onMachine = previous === undefined ? null : previous.status === 'installed' ? previous : previous.replaces;
  if (install.status === 'installed' && onMachine !== null) adjustGroup(draft, onMachine.poolId, machine.groupId, -1);
  const replaces = install.status === 'pending' ? onMachine : null;
  const placed: Installation = {
    poolId: install.poolId,
    status: install.status,
    licenseId: install.licenseId,
    queue: install.queue,
    autoExtend: previous?.autoExtend ?? false,
    since: install.since,
    replaces,
  };
  return { ...machine, installs: othersThan(machine.installs, install.poolId, placed, previous?.poolId) };
};

/** The machine without its pending install from `poolId`, and with the install that one was replacing back. */
export const withoutPending = (machine: Machine, pending: Installation): Machine => {
  const rest = withoutInstall(machine, pending.poolId);
  return pending.replaces === null ? rest : withInstall(rest, { ...pending.replaces, autoExtend: pending.autoExtend });
};

/**
 * The machine with the installation from `install.poolId` replaced (or added).
 * Installs made here are taken as given, neither copied nor frozen:
 * `Draft.setMachine` stores records of its own, in one shape (`InstallPlacer`).
 */
export const withInstall = (machine: Machine, install: Installation): Machine => ({
  ...machine,
  installs: othersThan(machine.installs, install.poolId, install),
});

export const withoutInstall = (machine: Machine, poolId: string): Machine => ({
  ...machine,
  installs: othersThan(machine.installs, poolId),
});

/**
 * The installs from neither `poolId` nor `alsoFrom`, then `added` if given, in a new array of
 * exactly that length (loops: this runs for most events). An array grown by
 * `push` keeps room for 16 more: ~70 B per machine, kept for as long as the
 * machine is.
 */
const othersThan = (
  installs: readonly Installation[],
  poolId: string,
  added?: Installation,
  alsoFrom?: string,
): Installation[] => {
  let length = added === undefined ? 0 : 1;
  for (let i = 0; i < installs.length; i++) {
    const from = (installs[i] as Installation).poolId;
    if (from !== poolId && from !== alsoFrom) length++;
  }
  const rest = new Array<Installation>(length);
  let at = 0;
  for (let i = 0; i < installs.length; i++) {
    const install = installs[i] as Installation;
    if (install.poolId !== poolId && install.poolId !== alsoFrom) rest[at++] = install;
  }
  if (added !== undefined) rest[at] = added;
  return rest;
};

/** R-V3: machines with the module installed now, per group. */
export const adjustGroup = (draft: Draft, poolId: string, groupId: string, delta: number): void => {
  const pool = draft.pool(poolId) as Pool;
  const count = (getEntry(pool.groups, groupId) ?? 0) + delta;
  const groups =
    count === 0 ? removeEntry(pool.groups, groupId, draft.edit) : setEntry(pool.groups, groupId, count, draft.edit);
  // Written field by field: a patch literal and `Object.assign` per install and uninstall cost more than the write.
  const target = draft.writablePool(pool);
  target.groups = groups;
  draft.poolChanged(target);
};
