import { DAY_MS, instant, type Instant, type LedgerEvent, type LicenseKeySpec } from '@license-ledger/core';
import { LedgerModel } from '../model/ledger-model';
import { MINUTE_MS } from './gaps';
import type { KeyCommand, KeyDraft } from './key-commands';
import { pick } from './pick';
import type { LicenseCommand, PoolSpec } from './license-commands';

/** What a history is made of besides its commands: the start, the pools, how many machines, groups, SVMs, clusters. */
export interface Setup {
  readonly start: number;
  readonly pools: readonly PoolSpec[];
  readonly machines: number;
  readonly groups: number;
  readonly svms: number;
  readonly clusters: number;
  readonly groupMoves: boolean;
}

export type Command = LicenseCommand | KeyCommand;

/** A command and the time since the previous command (kept or not). */
export interface TimedCommand {
  readonly gap: number;
  readonly command: Command;
}

/** Fields every event has; the rest comes from the command. */
interface Stamp {
  readonly id: string;
  readonly at: Instant;
}

interface Context {
  readonly setup: Setup;
  /** The package's own model of the ledger, advanced to the command's instant. */
  readonly model: LedgerModel;
  readonly stamp: Stamp;
  readonly keyId: string;
}

const machineId = (setup: Setup, n: number): string => `ws-${(n % setup.machines) + 1}`;
const groupId = (setup: Setup, n: number): string => `g-${(n % setup.groups) + 1}`;

/** The group an install lands in: where the machine already is, unless the command moves it. */
const groupFor = (ctx: Context, machine: string, n: number, moveTo: number | null): string => {
  const live = ctx.model.licenses.machine(machine)?.groupId;
  if (moveTo !== null && (live === undefined || ctx.setup.groupMoves)) return groupId(ctx.setup, moveTo);
  return live ?? groupId(ctx.setup, n);
};

const installedAtFor = (ctx: Context, backdateMinutes: number): { installedAt?: Instant } => {
  if (backdateMinutes === 0) return {};
  // Never before the previous event: the check-in reports an install that happened since.
  const floor = ctx.model.lastApplied ?? ctx.stamp.at;
  return { installedAt: instant(Math.max(floor, ctx.stamp.at - backdateMinutes * MINUTE_MS)) };
};

const licenseEvent = (ctx: Context, command: LicenseCommand): LedgerEvent | undefined => {
  const { setup, stamp } = ctx;
  const model = ctx.model.licenses;
  switch (command.kind) {
    case 'purchase': {
      const pool = pick(setup.pools, command.pool);
      if (pool === undefined) return undefined;
      const term = pool.termDays === undefined ? {} : { termDays: pool.termDays };
      return {
        type: 'LicensePurchased',
        ...stamp,
        poolId: pool.poolId,
        module: pool.module,
        quantity: command.quantity,
        ...term,
      };
    }
    case 'request':
    case 'install': {
      const pool = pick(setup.pools, command.pool);
      if (pool === undefined) return undefined;
      const machine = machineId(setup, command.machine);
      const placed = {
        poolId: pool.poolId,
        machineId: machine,
        groupId: groupFor(ctx, machine, command.machine, command.moveTo),
      };
      if (command.kind === 'request') return { type: 'InstallRequested', ...stamp, ...placed };
      return pool.module === 'KES'
        ? { type: 'KesInstalled', ...stamp, ...placed, ...installedAtFor(ctx, command.backdateMinutes) }
        : { type: 'ModuleInstalled', ...stamp, ...placed };
    }
    case 'complete': {
      const found = pick(
        model.liveInstalls().filter((p) => p.install.status === 'pending'),
        command.pick,
      );
      if (found === undefined) return undefined;
      const placed = {
        poolId: found.install.poolId,
        machineId: found.machine.machineId,
        groupId: found.machine.groupId,
      };
      return found.install.module === 'KES'
        ? { type: 'KesInstalled', ...stamp, ...placed, ...installedAtFor(ctx, command.backdateMinutes) }
        : { type: 'ModuleInstalled', ...stamp, ...placed };
    }
    case 'fail':
    case 'uninstall': {
      const wanted = command.kind === 'fail' ? 'pending' : 'installed';
      const found = pick(
        model.liveInstalls().filter((p) => p.install.status === wanted),
        command.pick,
      );
      if (found === undefined) return undefined;
      const target = { poolId: found.install.poolId, machineId: found.machine.machineId };
      return command.kind === 'fail'
        ? { type: 'InstallFailed', ...stamp, ...target }
        : { type: 'Uninstalled', ...stamp, ...target };
    }
    case 'avRemoved':
    case 'agentDeleted': {
      const machine = pick(model.liveMachines(), command.pick);
      if (machine === undefined) return undefined;
      return command.kind === 'avRemoved'
        ? { type: 'AvUninstalledByUser', ...stamp, machineId: machine.machineId }
        : { type: 'AgentDeleted', ...stamp, machineId: machine.machineId };
    }
    case 'recovery':
      return { type: 'RecoveryRun', ...stamp };
    case 'cleanDatabase':
      return { type: 'CleanDatabaseRun', ...stamp };
    case 'extend':
    case 'autoExtend': {
      const kes = model.liveInstalls().filter((p) => p.install.status === 'installed' && p.install.module === 'KES');
      const found = pick(kes, command.pick);
      if (found === undefined) return undefined;
      const target = { poolId: found.install.poolId, machineId: found.machine.machineId };
      if (command.kind === 'autoExtend')
        return { type: 'AutoExtendSet', ...stamp, ...target, enabled: command.enabled };
      // A count of 1 is left out now and then, so the wire default is exercised too.
      return { type: 'Extended', ...stamp, ...target, ...(command.count === 1 ? {} : { count: command.count }) };
    }
    case 'return': {
      const found = pick(
        model.liveInstalls().filter((p) => p.install.queue.length > 0),
        command.pick,
      );
      if (found === undefined) return undefined;
      const count = 1 + ((command.count - 1) % found.install.queue.length);
      return {
        type: 'Returned',
        ...stamp,
        poolId: found.install.poolId,
        machineId: found.machine.machineId,
        ...(count === 1 ? {} : { count }),
      };
    }
    case 'markOther': {
      const found = pick(model.liveInstalls(), command.pick);
      if (found === undefined) return undefined;
      return {
        type: 'LicenseMarkedOther',
        ...stamp,
        poolId: found.install.poolId,
        machineId: found.machine.machineId,
        reason: command.reason,
      };
    }
    case 'resolveOther': {
      const license = pick(model.licensesIn('other'), command.pick);
      if (license === undefined) return undefined;
      return {
        type: 'OtherResolved',
        ...stamp,
        poolId: license.poolId,
        licenseId: `${license.poolId}#${license.number}`,
        resolution: command.resolution,
      };
    }
  }
};

const keySpec = (
  ctx: Context,
  draft: KeyDraft,
  patch: Partial<Pick<LicenseKeySpec, 'type' | 'edition'>> = {},
  plain = false,
): LicenseKeySpec => ({
  keyId: ctx.keyId,
  type: patch.type ?? draft.type,
  edition: patch.edition ?? draft.edition,
  subscription: plain ? false : draft.subscription,
  termDays: draft.termDays,
  ...(plain || draft.trial === undefined ? {} : { trial: draft.trial }),
  ...(draft.expiresInDays === null ? {} : { expiresAt: instant(ctx.stamp.at + draft.expiresInDays * DAY_MS) }),
});

const keyEvent = (ctx: Context, command: KeyCommand): LedgerEvent | undefined => {
  const { setup, stamp } = ctx;
  const model = ctx.model.keys;
  switch (command.kind) {
    case 'registerSvm':
      return {
        type: 'SvmRegistered',
        ...stamp,
        svmId: `svm-${(command.svm % setup.svms) + 1}`,
        clusterId: `c-${(command.cluster % setup.clusters) + 1}`,
      };
    case 'activateKey': {
      const svm = pick(model.allSvms(), command.pick);
      if (svm === undefined) return undefined;
      const via = command.viaActivationCode ? { viaActivationCode: true } : {};
      return { type: 'KeyActivated', ...stamp, svmId: svm.svmId, key: keySpec(ctx, command.key), ...via };
    }
    case 'addReserve': {
      const svm = pick(model.allSvms(), command.pick);
      const target =
        command.target === 'all'
          ? { all: true as const }
          : svm === undefined
            ? undefined
            : command.target === 'svm'
              ? { svmId: svm.svmId }
              : { clusterId: svm.clusterId };
      if (target === undefined) return undefined;
      const targeted = model
        .allSlots()
        .filter(
          ({ svm: s, slot }) =>
            slot.active !== null &&
            ('all' in target || ('svmId' in target ? s.svmId === target.svmId : s.clusterId === target.clusterId)),
        );
      const active = command.matchActive ? pick(targeted, command.pick)?.slot.active : undefined;
      const key =
        active == null
          ? keySpec(ctx, command.key)
          : keySpec(ctx, command.key, { type: active.key.type, edition: active.key.edition }, true);
      return { type: 'ReserveKeyAdded', ...stamp, target, key };
    }
    case 'renewByCode': {
      // K5: a renewal is only reported for a slot that waits for one.
      const awaiting = model.allSlots().filter(({ slot }) => slot.renewal === 'awaiting');
      const found = pick(awaiting, command.pick);
      if (found === undefined) return undefined;
      const base = {
        type: 'ActivationCodeRenewal' as const,
        ...stamp,
        svmId: found.svm.svmId,
        keyType: found.slot.type,
      };
      return command.succeeded
        ? { ...base, succeeded: true, key: keySpec(ctx, command.key, { type: found.slot.type }) }
        : { ...base, succeeded: false };
    }
  }
};

const isKeyCommand = (command: Command): command is KeyCommand =>
  command.kind === 'registerSvm' ||
  command.kind === 'activateKey' ||
  command.kind === 'addReserve' ||
  command.kind === 'renewByCode';

const hasKey = (event: LedgerEvent): boolean => 'key' in event && event.key !== undefined;

/**
 * Turns commands into concrete events, in order. The package's own model of the
 * rules (`LedgerModel`, no code shared with core) is advanced to each command's
 * instant, resolves its picks ("the 3rd pending install") and decides whether the
 * event applies; one it refuses is left out. Core is never asked, so a test that
 * replays the result strictly fails if core rejects an event the rules allow.
 * `observe` sees every candidate event and the model's verdict (tests compare it with core's).
 * Purchases of every pool come first. Time moves on by every command's gap, kept
 * or not. Ids are `e1`, `e2`, … and key ids `K-1`, `K-2`, …, all unique.
 */
export const materialize = (
  setup: Setup,
  commands: readonly TimedCommand[],
  observe?: (candidate: LedgerEvent, applied: boolean, model: LedgerModel) => void,
): readonly LedgerEvent[] => {
  const model = new LedgerModel(setup.start);
  let clock = setup.start;
  let keys = 0;
  const events: LedgerEvent[] = [];
  const accept = (event: LedgerEvent | undefined): void => {
    if (event === undefined) return;
    const applied = model.apply(event);
    observe?.(event, applied, model);
    if (!applied) return;
    events.push(event);
    if (hasKey(event)) keys += 1;
  };
  const contextAt = (at: number): Context => {
    model.advance(at);
    return { setup, model, stamp: { id: `e${events.length + 1}`, at: instant(at) }, keyId: `K-${keys + 1}` };
  };
  setup.pools.forEach((_, i) =>
    accept(licenseEvent(contextAt(clock), { kind: 'purchase', pool: i, quantity: setup.pools[i]?.quantity ?? 1 })),
  );
  for (const { gap, command } of commands) {
    clock += gap;
    const ctx = contextAt(clock);
    accept(isKeyCommand(command) ? keyEvent(ctx, command) : licenseEvent(ctx, command));
  }
  return events;
};
