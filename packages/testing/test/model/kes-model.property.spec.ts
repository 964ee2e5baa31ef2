import {
  advanceTo,
  applyEvent,
  createReplayer,
  DAY_MS,
  emptyLedger,
  formatInstant,
  instant,
  type LedgerEvent,
  type LedgerState,
} from '@license-ledger/core';
import { getLicense } from '@license-ledger/core/internal';
import { installRemoveCounts } from '@license-ledger/install-remove';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { KesReferenceModel } from '../../src/model/kes-reference-model';

const POOL = 'kes-1';

interface Real {
  state: LedgerState;
  events: LedgerEvent[];
  /** How events reach a state: `applyEvent` on the last state, or a fresh replay of every event so far (the transient backing). */
  readonly backing: 'applyEvent' | 'replay';
}

/** The state after `event` and whether it was applied, by the run's backing. */
const apply = (r: Real, event: LedgerEvent): { state: LedgerState; applied: boolean } => {
  if (r.backing === 'applyEvent') {
    const { state, outcome } = applyEvent(event)(r.state);
    return { state, applied: outcome.kind === 'applied' };
  }
  // Everything in one draft's mutable maps until the result is asked for, once.
  const replayer = createReplayer({ mode: 'lenient' });
  for (const earlier of [...r.events, event]) replayer.push(earlier);
  const { state, problems } = replayer.result();
  // A rejected event moves no time (R-L3): bring the replay to the event's instant, where the model stands.
  const moved = advanceTo(event.at)(state);
  if (E.isLeft(moved)) throw new Error(moved.left.message);
  return { state: moved.right, applied: !problems.some((problem) => problem.eventId === event.id) };
};

type Model = KesReferenceModel;

const stamp = (m: Model, r: Real) => ({ id: `e${r.events.length + 1}`, at: instant(m.now) });

/** Applies the event to the ledger and the same command to the model; they must agree on acceptance, counts and every license. */
const step = (m: Model, r: Real, event: LedgerEvent, modelAccepts: boolean): void => {
  const { state, applied } = apply(r, event);
  r.events.push(event);
  const trail = () =>
    `after ${r.events.map((e) => `${e.type}${'machineId' in e ? `(${e.machineId})` : ''}@${formatInstant(e.at)}`).join(', ')}`;
  if (applied !== modelAccepts) {
    throw new Error(
      `${event.type} ${event.id}: ledger ${applied ? 'applied' : 'rejected'} it (${r.backing}), model ${modelAccepts ? 'accepts' : 'rejects'}; ${trail()}`,
    );
  }
  r.state = state;
  compare(m, r, trail);
};

/**
 * What the model and the ledger must agree on for one license: its status, the
 * machine it is on (running, reserved, queued, or where it expired), and its
 * days (resting) or its end (running).
 */
const licenseView = (status: string, machineId: string | null, daysLeft: number | null, end: number | null) => {
  const on =
    status === 'applied' || status === 'reserved' || status === 'extended' || status === 'expired' ? { machineId } : {};
  return status === 'applied'
    ? { status, ...on, end }
    : status === 'expired'
      ? { status, ...on }
      : { status, ...on, daysLeft };
};

const compare = (m: Model, r: Real, trail: () => string): void => {
  expect({ counts: E.getOrElseW(() => undefined)(installRemoveCounts(POOL)(r.state)), trail: trail() }).toEqual({
    counts: m.counts(),
    trail: trail(),
  });
  for (const license of m.licenses) {
    const real = getLicense(r.state, `${POOL}#${license.number}`);
    expect({
      license: license.number,
      ...(real === undefined ? {} : licenseView(real.status, real.machineId, real.daysLeft, real.endAt)),
    }).toEqual({
      license: license.number,
      ...licenseView(license.status, license.machineId, license.daysLeft, license.end),
    });
  }
};

const machineIds = fc.constantFrom('m-1', 'm-2', 'm-3');

class Wait implements fc.Command<Model, Real> {
  constructor(readonly ms: number) {}
  check = () => true;
  run(m: Model, r: Real): void {
    m.advance(m.now + this.ms);
    const advanced = advanceTo(instant(m.now))(r.state);
    if (E.isLeft(advanced)) throw new Error(advanced.left.message);
    r.state = advanced.right;
    compare(m, r, () => `waiting ${this.ms / DAY_MS} days after ${r.events.length} events`);
  }
  toString = () => `wait ${(this.ms / DAY_MS).toFixed(2)}d`;
}

/** One ledger event and the model operation it stands for. */
class Act implements fc.Command<Model, Real> {
  constructor(
    readonly name: string,
    readonly machineId: string,
    readonly count: number,
    readonly event: (m: Model, r: Real) => LedgerEvent,
    readonly model: (m: Model) => boolean,
  ) {}
  check = () => true;
  run(m: Model, r: Real): void {
    const event = this.event(m, r);
    m.advance(m.now);
    step(m, r, event, this.model(m));
  }
  toString = () => `${this.name}(${this.machineId}${this.count > 1 ? `, ${this.count}` : ''})`;
}

/** Every machine checks in at the same instant, as after a batch deployment: their terms end together (R-T4 ties). */
class Deploy implements fc.Command<Model, Real> {
  check = () => true;
  run(m: Model, r: Real): void {
    for (const id of ['m-1', 'm-2', 'm-3'])
      step(m, r, { type: 'KesInstalled', ...stamp(m, r), ...placed(id) }, m.install(id));
  }
  toString = () => 'deploy(m-1, m-2, m-3)';
}

const placed = (machineId: string) => ({ poolId: POOL, machineId, groupId: 'g-1' });

const commands = [
  fc
    .oneof(
      fc.integer({ min: 1, max: 48 }).map((h) => h * 3_600_000),
      fc.integer({ min: 1, max: 60 }).map((d) => d * DAY_MS + 3_600_000),
      fc.integer({ min: 100, max: 400 }).map((d) => d * DAY_MS),
    )
    .map((ms) => new Wait(ms)),
  machineIds.map(
    (id) =>
      new Act(
        'request',
        id,
        1,
        (m, r) => ({ type: 'InstallRequested', ...stamp(m, r), ...placed(id) }),
        (m) => m.request(id),
      ),
  ),
  machineIds.map(
    (id) =>
      new Act(
        'install',
        id,
        1,
        (m, r) => ({ type: 'KesInstalled', ...stamp(m, r), ...placed(id) }),
        (m) => m.install(id),
      ),
  ),
  machineIds.map(
    (id) =>
      new Act(
        'fail',
        id,
        1,
        (m, r) => ({ type: 'InstallFailed', ...stamp(m, r), poolId: POOL, machineId: id }),
        (m) => m.fail(id),
      ),
  ),
  machineIds.map(
    (id) =>
      new Act(
        'uninstall',
        id,
        1,
        (m, r) => ({ type: 'Uninstalled', ...stamp(m, r), poolId: POOL, machineId: id }),
        (m) => m.uninstall(id),
      ),
  ),
  fc.tuple(machineIds, fc.integer({ min: 1, max: 2 })).map(
    ([id, count]) =>
      new Act(
        'extend',
        id,
        count,
        (m, r) => ({ type: 'Extended', ...stamp(m, r), poolId: POOL, machineId: id, count }),
        (m) => m.extend(id, count),
      ),
  ),
  fc.tuple(machineIds, fc.integer({ min: 1, max: 2 })).map(
    ([id, count]) =>
      new Act(
        'return',
        id,
        count,
        (m, r) => ({ type: 'Returned', ...stamp(m, r), poolId: POOL, machineId: id, count }),
        (m) => m.giveBack(id, count),
      ),
  ),
  fc.constant(new Deploy()),
  fc.tuple(machineIds, fc.boolean()).map(
    ([id, enabled]) =>
      new Act(
        enabled ? 'autoExtendOn' : 'autoExtendOff',
        id,
        1,
        (m, r) => ({ type: 'AutoExtendSet', ...stamp(m, r), poolId: POOL, machineId: id, enabled }),
        (m) => m.setAutoExtend(id, enabled),
      ),
  ),
];

const setup = fc.record({ quantity: fc.integer({ min: 1, max: 5 }), termDays: fc.constantFrom(3, 30, 365) });

describe.each(['applyEvent', 'replay'] as const)('KES rules against a reference model, states by %s', (backing) => {
  test(`R-I2/R-I3/R-I4/R-U1/R-T3/R-X1/R-X2/R-X3/R-X4: the ledger and an independent model agree on every popup count and license after every command`, () => {
    fc.assert(
      fc.property(setup, fc.commands(commands, { maxCommands: 40, size: 'max' }), ({ quantity, termDays }, cmds) => {
        const start = Date.UTC(2025, 0, 1);
        const model = new KesReferenceModel(quantity, termDays, start);
        const purchase: LedgerEvent = {
          type: 'LicensePurchased',
          id: 'e1',
          at: instant(start),
          poolId: POOL,
          module: 'KES',
          quantity,
          termDays,
        };
        const real: Real = { state: applyEvent(purchase)(emptyLedger()).state, events: [purchase], backing };
        fc.modelRun(() => ({ model, real }), cmds);
      }),
    );
  });
});
