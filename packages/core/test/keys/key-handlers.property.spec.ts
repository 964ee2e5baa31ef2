import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  advanceTo,
  DAY_MS,
  historyToArray,
  listSvms,
  replay,
  type Instant,
  type KeyTypeName,
  type LedgerEvent,
  type LedgerState,
  type LicenseKeySpec,
  type ReserveKeyTarget,
  type TaskErrorReason,
} from '../../src/index';
import { eventBuilder, T0 } from '@license-ledger/testing';

const e = eventBuilder();

/**
 * A second, deliberately naive reading of R-K1…R-K5 and the decisions in
 * docs/keys.md: plain arrays, every slot walked at every event, no agenda. The
 * ledger must agree with it on any log of key events.
 */
interface Running {
  readonly key: LicenseKeySpec;
  readonly startAt: number;
  readonly endsAt: number;
  readonly via: boolean;
}
interface Slot {
  type: KeyTypeName;
  active: Running | null;
  reserve: LicenseKeySpec | null;
  renewal: 'none' | 'awaiting' | 'failed';
}
interface ModelSvm {
  clusterId: string;
  slots: Slot[];
  errors: { at: number; eventId: string; keyId: string; reason: TaskErrorReason }[];
}
interface World {
  svms: Map<string, ModelSvm>;
  rejected: [string, string][];
}

const perVm = (type: KeyTypeName): boolean => type === 'server' || type === 'desktop';

const running = (key: LicenseKeySpec, startAt: number, via: boolean): Running => {
  let endsAt = startAt + key.termDays * DAY_MS;
  if (key.expiresAt !== undefined && key.expiresAt < endsAt) endsAt = key.expiresAt;
  if (endsAt < startAt) endsAt = startAt;
  return { key, startAt, endsAt, via };
};

/** Every term ended by `t` ends; a reserve takes over at the end instant, and may itself end by `t`. */
const settle = (world: World, t: number): void => {
  for (const svm of world.svms.values()) {
    for (const slot of svm.slots) {
      while (slot.active !== null && slot.active.endsAt <= t) {
        const ended = slot.active;
        if (slot.reserve !== null) {
          slot.active = running(slot.reserve, ended.endsAt, false);
          slot.reserve = null;
          slot.renewal = 'none';
        } else {
          slot.active = null;
          slot.renewal = ended.via ? 'awaiting' : 'none';
        }
      }
    }
  }
};

const activate = (svm: ModelSvm, key: LicenseKeySpec, t: number, via: boolean): void => {
  svm.slots = svm.slots.filter((s) => perVm(s.type) === perVm(key.type));
  let slot = svm.slots.find((s) => s.type === key.type);
  if (slot === undefined) {
    slot = { type: key.type, active: null, reserve: null, renewal: 'none' };
    svm.slots.push(slot);
  }
  const next = running(key, t, via);
  const reserve = slot.reserve;
  if (reserve !== null) {
    const usedUp = reserve.keyId === key.keyId;
    const expiresFirst = reserve.expiresAt !== undefined && reserve.expiresAt < next.endsAt;
    const wouldBeRefused = key.subscription || key.edition !== reserve.edition;
    if (usedUp || expiresFirst || wouldBeRefused) slot.reserve = null;
  }
  slot.active = next;
  slot.renewal = 'none';
};

const refusal = (svm: ModelSvm, key: LicenseKeySpec): TaskErrorReason | null => {
  if (!svm.slots.some((s) => s.active !== null)) return 'no-active-key';
  const active = svm.slots.find((s) => s.type === key.type)?.active;
  if (active === null || active === undefined) return 'type-mismatch';
  if (active.key.subscription) return 'subscription';
  if (key.subscription) return 'subscription';
  if (key.trial === true) return 'trial';
  if (key.edition !== active.key.edition) return 'edition-mismatch';
  return null;
};

const targets = (world: World, target: ReserveKeyTarget): string[] => {
  const ids = [...world.svms.keys()].sort();
  if ('svmId' in target) return ids.filter((id) => id === target.svmId);
  if ('clusterId' in target) return ids.filter((id) => world.svms.get(id)?.clusterId === target.clusterId);
  return ids;
};

const applyToModel = (world: World, event: LedgerEvent): void => {
  settle(world, event.at);
  switch (event.type) {
    case 'SvmRegistered': {
      const svm = world.svms.get(event.svmId);
      if (svm === undefined) world.svms.set(event.svmId, { clusterId: event.clusterId, slots: [], errors: [] });
      else svm.clusterId = event.clusterId;
      break;
    }
    case 'KeyActivated': {
      const svm = world.svms.get(event.svmId);
      if (svm === undefined) world.rejected.push([event.id, 'R-L3']);
      else activate(svm, event.key, event.at, event.viaActivationCode === true);
      break;
    }
    case 'ReserveKeyAdded': {
      const ids = targets(world, event.target);
      if (ids.length === 0) {
        world.rejected.push([event.id, 'R-L3']);
        break;
      }
      for (const id of ids) {
        const svm = world.svms.get(id);
        if (svm === undefined) continue;
        const reason = refusal(svm, event.key);
        if (reason !== null) svm.errors.push({ at: event.at, eventId: event.id, keyId: event.key.keyId, reason });
        else {
          const slot = svm.slots.find((s) => s.type === event.key.type);
          if (slot !== undefined) slot.reserve = event.key;
        }
      }
      break;
    }
    case 'ActivationCodeRenewal': {
      const svm = world.svms.get(event.svmId);
      const slot = svm?.slots.find((s) => s.type === event.keyType);
      if (svm === undefined) world.rejected.push([event.id, 'R-L3']);
      else if (slot === undefined || slot.renewal !== 'awaiting') world.rejected.push([event.id, 'R-K5']);
      else if (event.key !== undefined && event.key.type !== event.keyType) world.rejected.push([event.id, 'R-K5']);
      else if (event.key !== undefined) activate(svm, event.key, event.at, true);
      else slot.renewal = 'failed';
      break;
    }
    default:
      break;
  }
  settle(world, event.at);
};

/** What both sides are compared on: every SVM, slot by slot, and its task errors. */
const fromLedger = (state: LedgerState) =>
  listSvms(state).map((svm) => ({
    svmId: svm.svmId,
    clusterId: svm.clusterId,
    slots: svm.slots.map((s) => ({
      type: s.type,
      active:
        s.active === null
          ? null
          : {
              keyId: s.active.key.keyId,
              startAt: s.active.startAt,
              endsAt: s.active.endsAt,
              via: s.active.viaActivationCode,
            },
      reserve: s.reserve?.keyId ?? null,
      renewal: s.renewal,
    })),
    errors: historyToArray(svm.taskErrors).map((e) => ({ ...e, at: e.at })),
  }));

const fromModel = (world: World) =>
  [...world.svms.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([svmId, svm]) => ({
      svmId,
      clusterId: svm.clusterId,
      slots: [...svm.slots]
        .sort((a, b) => (a.type < b.type ? -1 : 1))
        .map((s) => ({
          type: s.type,
          active:
            s.active === null
              ? null
              : { keyId: s.active.key.keyId, startAt: s.active.startAt, endsAt: s.active.endsAt, via: s.active.via },
          reserve: s.reserve?.keyId ?? null,
          renewal: s.renewal,
        })),
      errors: svm.errors,
    }));

const SVMS = ['svm-a', 'svm-b', 'svm-c', 'svm-z'] as const; // svm-z is registered less often
const CLUSTERS = ['c1', 'c2', 'c3'] as const;
const STEP_MS = 6 * 3_600_000; // on a 6-hour grid, so events often land exactly on a term end

const keyArb = (keyType?: KeyTypeName) =>
  fc
    .record({
      keyId: fc.constantFrom('K1', 'K2', 'K3', 'K4', 'K5', 'K6'),
      type:
        keyType === undefined
          ? fc.constantFrom<KeyTypeName>('server', 'server', 'server', 'desktop', 'desktop', 'cores')
          : fc.constant(keyType),
      edition: fc.constantFrom<'standard' | 'enterprise'>('standard', 'standard', 'standard', 'enterprise'),
      subscriptionRoll: fc.integer({ min: 0, max: 9 }),
      trial: fc.constantFrom<boolean | undefined>(undefined, undefined, undefined, false, false, true),
      termDays: fc.integer({ min: 1, max: 6 }),
      expiresInSteps: fc.option(fc.integer({ min: -4, max: 28 }), { nil: undefined, freq: 2 }),
    })
    .map(({ subscriptionRoll, expiresInSteps, trial, ...rest }) => (now: number): LicenseKeySpec => {
      const base: LicenseKeySpec = { ...rest, subscription: subscriptionRoll === 0 };
      const withTrial: LicenseKeySpec = trial === undefined ? base : { ...base, trial };
      return expiresInSteps === undefined
        ? withTrial
        : { ...withTrial, expiresAt: (now + expiresInSteps * STEP_MS) as Instant };
    });

type Step = (id: string, at: Instant) => LedgerEvent;

const svmArb = fc.constantFrom(...SVMS, 'svm-a', 'svm-b', 'svm-c');

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({ svm: svmArb, cluster: fc.constantFrom(...CLUSTERS) }).map(
      ({ svm, cluster }): Step =>
        (id, at) =>
          e('SvmRegistered', at, { svmId: svm, clusterId: cluster }, id),
    ),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({ svm: svmArb, key: keyArb(), via: fc.constantFrom<boolean | undefined>(undefined, false, true, true) })
      .map(
        ({ svm, key, via }): Step =>
          (id, at) =>
            e(
              'KeyActivated',
              at,
              { svmId: svm, key: key(at), ...(via === undefined ? {} : { viaActivationCode: via }) },
              id,
            ),
      ),
  },
  {
    weight: 4,
    arbitrary: fc
      .record({
        target: fc.oneof(
          svmArb.map((svmId): ReserveKeyTarget => ({ svmId })),
          fc.constantFrom(...CLUSTERS).map((clusterId): ReserveKeyTarget => ({ clusterId })),
          fc.constant<ReserveKeyTarget>({ all: true }),
        ),
        key: keyArb(),
      })
      .map(
        ({ target, key }): Step =>
          (id, at) =>
            e('ReserveKeyAdded', at, { target: target, key: key(at) }, id),
      ),
  },
  {
    weight: 3,
    arbitrary: fc
      .record({
        svm: svmArb,
        keyType: fc.constantFrom<KeyTypeName>('server', 'server', 'desktop', 'cores'),
        succeeded: fc.boolean(),
        sameType: fc.integer({ min: 0, max: 5 }),
        key: keyArb(),
      })
      .map(({ svm, keyType, succeeded, sameType, key }): Step => (id, at) => {
        if (!succeeded) return e('ActivationCodeRenewal', at, { svmId: svm, keyType: keyType, succeeded: false }, id);
        const renewed = key(at);
        return e(
          'ActivationCodeRenewal',
          at,
          {
            svmId: svm,
            keyType: keyType,
            succeeded: true,
            key: sameType === 0 ? renewed : { ...renewed, type: keyType },
          },
          id,
        );
      }),
  },
);

/** Three SVMs registered up front (svm-z maybe later), then any steps, 0 to 3 days apart but mostly close. */
const logArb = fc
  .record({
    clusters: fc.tuple(fc.constantFrom(...CLUSTERS), fc.constantFrom(...CLUSTERS), fc.constantFrom(...CLUSTERS)),
    steps: fc.array(
      fc.record({
        gap: fc.oneof(
          { weight: 4, arbitrary: fc.integer({ min: 0, max: 2 }) },
          { weight: 1, arbitrary: fc.integer({ min: 3, max: 12 }) },
        ),
        step: stepArb,
      }),
      { minLength: 5, maxLength: 40 },
    ),
  })
  .map(({ clusters, steps }) => {
    let now = T0 as number;
    const start = SVMS.slice(0, 3).map((svmId, index) =>
      e('SvmRegistered', T0, { svmId: svmId, clusterId: clusters[index] ?? 'c1' }, `r${index + 1}`),
    );
    return [
      ...start,
      ...steps.map(({ gap, step }, index) => {
        now += gap * STEP_MS;
        return step(`e${index + 1}`, now as Instant);
      }),
    ];
  });

describe('keyHandlers (model)', () => {
  test(`R-K1–R-K5, R-T4, R-L3: the ledger agrees with a naive model on any log of key events, at its end and 30 days on`, () => {
    fc.assert(
      fc.property(logArb, (events) => {
        const result = replay({ mode: 'lenient' })(events);
        const world: World = { svms: new Map(), rejected: [] };
        for (const event of events) applyToModel(world, event);
        expect(result.problems.map((p) => [p.eventId, p.rule])).toEqual(world.rejected);
        // The model settles time at every event, rejected or not; the ledger's clock stays at the
        // last applied one (R-L3), so both are compared as of the log's last instant.
        const lastAt = events[events.length - 1]?.at ?? T0;
        const atEnd = advanceTo(lastAt)(result.state);
        if (E.isLeft(atEnd)) throw new Error(atEnd.left.message);
        expect(fromLedger(atEnd.right)).toEqual(fromModel(world));

        const later = ((result.state.clock ?? T0) + 30 * DAY_MS) as Instant;
        settle(world, later);
        const advanced = advanceTo(later)(result.state);
        if (E.isLeft(advanced)) throw new Error(advanced.left.message);
        expect(fromLedger(advanced.right)).toEqual(fromModel(world));
      }),
    );
  });

  test(`R-K2, R-K3, R-K4: whatever the log, an SVM's slots are of one scheme, a reserve sits only beside a non-subscription active key of its own type and edition, and is never a subscription or trial key`, () => {
    fc.assert(
      fc.property(logArb, (events) => {
        const { state } = replay({ mode: 'lenient' })(events);
        for (const svm of listSvms(state)) {
          const schemes = new Set(svm.slots.map((s) => (s.type === 'cores' ? 'cores' : 'per-vm')));
          expect(schemes.size).toBeLessThanOrEqual(1);
          expect(new Set(svm.slots.map((s) => s.type)).size).toBe(svm.slots.length);
          for (const slot of svm.slots) {
            if (slot.reserve !== null) {
              expect(slot.active).not.toBeNull();
              expect(slot.reserve.type).toBe(slot.type);
              expect(slot.reserve.subscription).toBe(false);
              expect(slot.reserve.trial === true).toBe(false);
              expect(slot.reserve.edition).toBe(slot.active?.key.edition);
              expect(slot.active?.key.subscription).toBe(false);
            }
            if (slot.active !== null) {
              expect(slot.active.endsAt).toBeGreaterThan(state.clock ?? 0);
              expect(slot.renewal).toBe('none');
            }
          }
        }
      }),
    );
  });
});
