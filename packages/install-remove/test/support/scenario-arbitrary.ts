/**
 * A fast-check generator of small license scenarios: a few pools (two KES, a
 * BUDR seat pool, a KAV pool that Clean Database leaves alone), a few machines
 * and groups, and a walk over every license event with gaps long enough to cross
 * (short) terms. fast-check generates plain choices; each step then picks its
 * target from the ledger as it stands (a machine that has something to
 * uninstall, extend, return…), so most events apply. Some are still rejected
 * (R-L3), which is fine: a rejected event changes nothing.
 */
import fc from 'fast-check';
import { createReplayer, getLicense, instant, type Instant, type Installation, type LedgerEvent, type LedgerState, listMachines } from '@license-ledger/core';
import { mapValues } from '@license-ledger/core/internal';
import { HOUR_MS, type Step, T0 } from './ledger';

export const KES_POOLS = ['kes-a', 'kes-b'] as const;
export const SEAT_POOLS = ['budr', 'kav'] as const;
export const POOL_IDS = [...KES_POOLS, ...SEAT_POOLS] as const;
export const MACHINE_IDS = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6'] as const;
export const GROUP_IDS = ['g1', 'g2', 'g3'] as const;

type PoolId = (typeof POOL_IDS)[number];
const MODULE_OF: Readonly<Record<PoolId, string>> = { 'kes-a': 'KES', 'kes-b': 'KES', budr: 'BUDR', kav: 'KAV' };

const KINDS = [
  'purchase', 'request', 'kesInstalled', 'moduleInstalled', 'installFailed', 'uninstalled', 'avRemoved', 'agentDeleted',
  'recovery', 'cleanDatabase', 'extended', 'returned', 'autoExtend', 'markedOther', 'otherResolved',
] as const;
type Kind = (typeof KINDS)[number];
const WEIGHTS: Readonly<Record<Kind, number>> = {
  purchase: 1, request: 4, kesInstalled: 5, moduleInstalled: 2, installFailed: 2, uninstalled: 3, avRemoved: 1, agentDeleted: 2,
  recovery: 2, cleanDatabase: 1, extended: 4, returned: 2, autoExtend: 2, markedOther: 1, otherResolved: 1,
};

/** One step as fast-check generates it: what to do, and numbers to choose with. */
export interface Move {
  readonly gapHours: number;
  readonly kind: Kind;
  readonly pick: number;
  readonly pool: number;
  readonly group: number;
  readonly count: number | undefined;
  readonly flag: boolean;
  readonly backdateHours: number;
}

export interface Opening {
  readonly quantity: number;
  readonly termDays: number | undefined;
}

/** What fast-check generates and prints: a purchase per pool at T0, then the moves. */
export interface GeneratedScenario {
  readonly opening: readonly Opening[];
  readonly moves: readonly Move[];
}

/** Short terms make expiries, takeovers and auto-extends frequent. */
const termDays = fc.option(fc.constantFrom(3, 10, 40), { nil: undefined });
const opening: fc.Arbitrary<Opening> = fc.record({ quantity: fc.integer({ min: 1, max: 6 }), termDays });

const move: fc.Arbitrary<Move> = fc.record({
  gapHours: fc.oneof(fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 24 * 45 })),
  kind: fc.oneof(...KINDS.map((kind) => ({ weight: WEIGHTS[kind], arbitrary: fc.constant(kind) }))),
  pick: fc.nat({ max: 1000 }),
  pool: fc.nat({ max: POOL_IDS.length - 1 }),
  group: fc.nat({ max: GROUP_IDS.length - 1 }),
  count: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
  flag: fc.boolean(),
  backdateHours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 72 })),
});

export const scenarioArbitrary = (maxMoves = 40): fc.Arbitrary<GeneratedScenario> =>
  fc.record({
    opening: fc.tuple(...POOL_IDS.map(() => opening)),
    moves: fc.array(move, { minLength: 1, maxLength: maxMoves, size: 'max' }),
  });

const choose = <A>(items: readonly A[], pick: number): A | undefined => (items.length === 0 ? undefined : items[pick % items.length]);

interface Placed {
  readonly machineId: string;
  readonly install: Installation;
}

/** Every installation on a live machine that passes `keep`. */
const placed = (state: LedgerState, keep: (install: Installation) => boolean): Placed[] =>
  listMachines(state)
    .filter((machine) => machine.deletedAt === null)
    .flatMap((machine) => machine.installs.filter(keep).map((install) => ({ machineId: machine.machineId, install })));

const statusOf = (state: LedgerState, install: Installation) => getLicense(state, install.licenseId)?.status;

/** The step a move becomes in the ledger as it stands, or a random (maybe rejected) one when nothing fits. */
const stepFor = (state: LedgerState, m: Move, at: Instant): Step => {
  const poolId: PoolId = POOL_IDS[m.pool] ?? 'kes-a';
  const kesPoolId = KES_POOLS[m.pool % KES_POOLS.length] ?? 'kes-a';
  const seatPoolId = SEAT_POOLS[m.pool % SEAT_POOLS.length] ?? 'budr';
  const groupId = GROUP_IDS[m.group] ?? 'g1';
  const anyMachine = choose(MACHINE_IDS, m.pick) ?? 'm1';
  const target = (keep: (install: Installation) => boolean) => {
    const found = choose(placed(state, keep), m.pick);
    return found === undefined ? { poolId, machineId: anyMachine } : { poolId: found.install.poolId, machineId: found.machineId };
  };
  const withCount = m.count === undefined ? {} : { count: m.count };
  switch (m.kind) {
    case 'purchase':
      return { type: 'LicensePurchased', at, poolId, module: MODULE_OF[poolId], quantity: m.count ?? 1 };
    case 'request':
      return { type: 'InstallRequested', at, poolId, machineId: anyMachine, groupId };
    case 'kesInstalled': {
      // Check in a pending KES install half the time, else a direct install (R-I3).
      const pending = m.flag ? choose(placed(state, (i) => i.status === 'pending' && i.poolId.startsWith('kes')), m.pick) : undefined;
      const machineId = pending?.machineId ?? anyMachine;
      const pool = pending?.install.poolId ?? kesPoolId;
      const installedAt = m.backdateHours > 0 ? { installedAt: instant(at - m.backdateHours * HOUR_MS) } : {};
      return { type: 'KesInstalled', at, poolId: pool, machineId, groupId, ...installedAt };
    }
    case 'moduleInstalled':
      return { type: 'ModuleInstalled', at, poolId: seatPoolId, machineId: anyMachine, groupId: groupId };
    case 'installFailed':
      return { type: 'InstallFailed', at, ...target((i) => i.status === 'pending') };
    case 'uninstalled':
      return { type: 'Uninstalled', at, ...target((i) => i.status === 'installed') };
    case 'avRemoved':
      return { type: 'AvUninstalledByUser', at, machineId: target(() => true).machineId };
    case 'agentDeleted':
      return { type: 'AgentDeleted', at, machineId: target(() => true).machineId };
    case 'recovery':
      return { type: 'RecoveryRun', at };
    case 'cleanDatabase':
      return { type: 'CleanDatabaseRun', at };
    case 'extended':
      return { type: 'Extended', at, ...target((i) => i.status === 'installed' && statusOf(state, i) === 'applied' && i.poolId.startsWith('kes')), ...withCount };
    case 'returned':
      return { type: 'Returned', at, ...target((i) => i.queue.length > 0), ...withCount };
    case 'autoExtend':
      return { type: 'AutoExtendSet', at, ...target((i) => i.poolId.startsWith('kes')), enabled: m.flag };
    case 'markedOther':
      return { type: 'LicenseMarkedOther', at, ...target(() => true), reason: 'generated' };
    case 'otherResolved': {
      const other = choose([...mapValues(state.licenses)].filter((l) => l.status === 'other').sort((a, b) => (a.licenseId < b.licenseId ? -1 : 1)), m.pick);
      const resolution = (['partial', 'unused', 'expired'] as const)[m.pick % 3] ?? 'partial';
      return { type: 'OtherResolved', at, poolId: other?.poolId ?? poolId, licenseId: other?.licenseId ?? `${poolId}#1`, resolution };
    }
  }
};

/**
 * Plays a generated scenario: each step is chosen from the state before it, then
 * applied leniently. Yields the event and the state after it.
 */
export function* playScenario(scenario: GeneratedScenario): Generator<{ readonly event: LedgerEvent; readonly state: LedgerState }> {
  const replayer = createReplayer({ mode: 'lenient' });
  let index = 0;
  const push = (step: Step) => {
    index += 1;
    const event = { ...step, id: `e${index}` } as LedgerEvent;
    replayer.push(event);
    return { event, state: replayer.result().state };
  };
  for (const [i, poolId] of POOL_IDS.entries()) {
    const { quantity, termDays: term } = scenario.opening[i] ?? { quantity: 1, termDays: undefined };
    yield push({ type: 'LicensePurchased', at: T0, poolId, module: MODULE_OF[poolId], quantity, ...(term === undefined ? {} : { termDays: term }) });
  }
  let state = replayer.result().state;
  let clock: Instant = T0;
  for (const m of scenario.moves) {
    clock = instant(clock + m.gapHours * HOUR_MS);
    const played = push(stepFor(state, m, clock));
    state = played.state;
    yield played;
  }
}

/** The audit log of a generated scenario. */
export const scenarioEvents = (scenario: GeneratedScenario): LedgerEvent[] => [...playScenario(scenario)].map(({ event }) => event);
