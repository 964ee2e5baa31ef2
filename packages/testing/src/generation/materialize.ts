import {
  advanceTo,
  applyEvent,
  DAY_MS,
  emptyLedger,
  instant,
  type Instant,
  type LedgerEvent,
  type LedgerState,
  type LicenseKeySpec,
  listSvms,
} from '@license-ledger/core';
import { getMachine } from '@license-ledger/core/internal';
import * as E from 'fp-ts/Either';
import { MINUTE_MS } from './gaps';
import type { KeyCommand, KeyDraft } from './key-commands';
import { allSlots, licensesIn, liveInstalls, liveMachines, moduleOf, pick } from './ledger-lookups';
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

/** A command and the time since the previous accepted one. */
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
  readonly state: LedgerState;
  readonly stamp: Stamp;
  readonly keyId: string;
}

const machineId = (setup: Setup, n: number): string => `ws-${(n % setup.machines) + 1}`;
const groupId = (setup: Setup, n: number): string => `g-${(n % setup.groups) + 1}`;

/** The group an install lands in: where the machine already is, unless the command moves it. */
const groupFor = (ctx: Context, machine: string, n: number, moveTo: number | null): string => {
  const known = getMachine(ctx.state, machine);
  const live = known !== undefined && known.deletedAt === null ? known.groupId : undefined;
  if (moveTo !== null && (live === undefined || ctx.setup.groupMoves)) return groupId(ctx.setup, moveTo);
  return live ?? groupId(ctx.setup, n);
};

const installedAtFor = (ctx: Context, backdateMinutes: number): { installedAt?: Instant } => {
  if (backdateMinutes === 0) return {};
  // Never before the previous event: the check-in reports an install that happened since.
  const floor = ctx.state.clock ?? ctx.stamp.at;
  return { installedAt: instant(Math.max(floor, ctx.stamp.at - backdateMinutes * MINUTE_MS)) };
};

const licenseEvent = (ctx: Context, command: LicenseCommand): LedgerEvent | undefined => {
  const { setup, state, stamp } = ctx;
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
        liveInstalls(state).filter((p) => p.install.status === 'pending'),
        command.pick,
      );
      if (found === undefined) return undefined;
      const placed = {
        poolId: found.install.poolId,
        machineId: found.machine.machineId,
        groupId: found.machine.groupId,
      };
      return moduleOf(state, placed.poolId) === 'KES'
        ? { type: 'KesInstalled', ...stamp, ...placed, ...installedAtFor(ctx, command.backdateMinutes) }
        : { type: 'ModuleInstalled', ...stamp, ...placed };
    }
    case 'fail':
    case 'uninstall': {
      const wanted = command.kind === 'fail' ? 'pending' : 'installed';
      const found = pick(
        liveInstalls(state).filter((p) => p.install.status === wanted),
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
      const machine = pick(liveMachines(state), command.pick);
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
      const kes = liveInstalls(state).filter(
        (p) => p.install.status === 'installed' && moduleOf(state, p.install.poolId) === 'KES',
      );
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
        liveInstalls(state).filter((p) => p.install.queue.length > 0),
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
      const found = pick(liveInstalls(state), command.pick);
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
      const license = pick(licensesIn(state, 'other'), command.pick);
      if (license === undefined) return undefined;
      return {
        type: 'OtherResolved',
        ...stamp,
        poolId: license.poolId,
        licenseId: license.licenseId,
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

/** The state at the command's instant, for choices that depend on time-driven changes (a key that ended). */
const stateAt = (ctx: Context): LedgerState => {
  const advanced = advanceTo(ctx.stamp.at)(ctx.state);
  return E.isRight(advanced) ? advanced.right : ctx.state;
};

const keyEvent = (ctx: Context, command: KeyCommand): LedgerEvent | undefined => {
  const { setup, stamp } = ctx;
  switch (command.kind) {
    case 'registerSvm':
      return {
        type: 'SvmRegistered',
        ...stamp,
        svmId: `svm-${(command.svm % setup.svms) + 1}`,
        clusterId: `c-${(command.cluster % setup.clusters) + 1}`,
      };
    case 'activateKey': {
      const svm = pick(listSvms(ctx.state), command.pick);
      if (svm === undefined) return undefined;
      const via = command.viaActivationCode ? { viaActivationCode: true } : {};
      return { type: 'KeyActivated', ...stamp, svmId: svm.svmId, key: keySpec(ctx, command.key), ...via };
    }
    case 'addReserve': {
      const now = stateAt(ctx);
      const svm = pick(listSvms(now), command.pick);
      const target =
        command.target === 'all'
          ? { all: true as const }
          : svm === undefined
            ? undefined
            : command.target === 'svm'
              ? { svmId: svm.svmId }
              : { clusterId: svm.clusterId };
      if (target === undefined) return undefined;
      const targeted = allSlots(now).filter(
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
      const awaiting = allSlots(stateAt(ctx)).filter(({ slot }) => slot.renewal === 'awaiting');
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
 * Turns commands into concrete events, in order, asking the core ledger about
 * each one: an event it would reject is dropped (and its gap with it), so every
 * event of the result applies, by construction (R-L3). Purchases of every pool
 * come first. Ids are `e1`, `e2`, … and key ids `K-1`, `K-2`, …, all unique.
 */
export const materialize = (setup: Setup, commands: readonly TimedCommand[]): readonly LedgerEvent[] => {
  let state = emptyLedger();
  let clock = setup.start;
  let keys = 0;
  const events: LedgerEvent[] = [];
  const accept = (event: LedgerEvent | undefined): boolean => {
    if (event === undefined) return false;
    const result = applyEvent(event)(state);
    if (result.outcome.kind !== 'applied') return false;
    state = result.state;
    events.push(event);
    if (hasKey(event)) keys += 1;
    return true;
  };
  const contextAt = (at: number): Context => ({
    setup,
    state,
    stamp: { id: `e${events.length + 1}`, at: instant(at) },
    keyId: `K-${keys + 1}`,
  });
  setup.pools.forEach((_, i) =>
    accept(licenseEvent(contextAt(clock), { kind: 'purchase', pool: i, quantity: setup.pools[i]?.quantity ?? 1 })),
  );
  for (const { gap, command } of commands) {
    const ctx = contextAt(clock + gap);
    if (accept(isKeyCommand(command) ? keyEvent(ctx, command) : licenseEvent(ctx, command))) clock += gap;
  }
  return events;
};
