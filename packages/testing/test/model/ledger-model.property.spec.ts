import {
  advanceTo,
  applyEvent,
  emptyLedger,
  formatInstant,
  instant,
  type LedgerEvent,
  listPools,
  listSvms,
  poolLicenses,
  replay,
} from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { svmHistory, svmHistoryPlan } from '../../src/arbitraries/svm-history';
import { validHistory, validHistoryPlan } from '../../src/arbitraries/valid-history';
import { materialize, type Setup, type TimedCommand } from '../../src/generation/materialize';
import type { LedgerModel } from '../../src/model/ledger-model';

const describeEvent = (event: LedgerEvent): string => `${event.id} ${event.type} at ${formatInstant(event.at)}`;

/** Replays strictly; throws naming the first event core rejected, with its rule and reason, and the history before it. */
const coreAppliesAll = (events: readonly LedgerEvent[]): void => {
  const { problems, stats } = replay({ mode: 'strict' })(events);
  const [first] = problems;
  if (first !== undefined) {
    const at = events.findIndex((e) => e.id === first.eventId);
    throw new Error(
      `core rejected ${first.eventId} by ${first.rule} (${first.message}), an event the model of the rules applies.\n` +
        `history up to it:\n${events
          .slice(0, at + 1)
          .map((e) => `  ${JSON.stringify(e)}`)
          .join('\n')}`,
    );
  }
  expect(stats.applied).toBe(events.length);
};

/**
 * Turns a plan into events as the generator does and hands every candidate event
 * to core as well: both must say the same, applied or not; at the end every license
 * of every pool must be in the same status (with the same days, unless it is running),
 * and every SVM slot must hold the same active and reserve keys and renewal state.
 * Returns the disagreements.
 */
const disagreements = (plan: { setup: Setup; commands: readonly TimedCommand[] }): string[] => {
  let state = emptyLedger();
  let last: LedgerModel | undefined;
  const found: string[] = [];
  materialize(plan.setup, plan.commands, (candidate, modelApplies, model) => {
    last = model;
    const result = applyEvent(candidate)(state);
    const coreApplies = result.outcome.kind === 'applied';
    if (coreApplies !== modelApplies) {
      const core =
        result.outcome.kind === 'rejected'
          ? `rejects it by ${result.outcome.rejection.rule} (${result.outcome.rejection.message})`
          : result.outcome.kind;
      found.push(`${describeEvent(candidate)}: the model ${modelApplies ? 'applies it' : 'refuses it'}, core ${core}`);
    }
    // Core follows the model's history, so the next candidate meets both in the same place.
    if (modelApplies && coreApplies) state = result.state;
  });
  if (last === undefined || found.length > 0) return found;
  const model = last.licenses;
  const moved = advanceTo(instant(model.now))(state);
  if (E.isLeft(moved)) return [moved.left.message];
  for (const pool of listPools(moved.right)) {
    for (const license of poolLicenses(moved.right, pool.poolId)) {
      const mine = model.pool(pool.poolId)?.licenses[license.number - 1];
      const days = (status: string, d: number | null) => (status === 'applied' ? '' : ` ${d} days`);
      const theirs = `${license.status}${days(license.status, license.daysLeft)}`;
      const ours = mine === undefined ? 'missing' : `${mine.status}${days(mine.status, mine.daysLeft)}`;
      if (theirs !== ours) found.push(`${license.licenseId}: the model has it ${ours}, core ${theirs}`);
    }
  }
  const slotText = (slot: {
    type: string;
    active: { key: { keyId: string } } | null;
    reserve: { keyId: string } | null;
    renewal: string;
  }) =>
    `${slot.type} active ${slot.active?.key.keyId ?? '-'} reserve ${slot.reserve?.keyId ?? '-'} renewal ${slot.renewal}`;
  const coreSlots = listSvms(moved.right).flatMap((svm) =>
    [...svm.slots].sort((a, b) => (a.type < b.type ? -1 : 1)).map((slot) => `${svm.svmId} ${slotText(slot)}`),
  );
  const modelSlots = last.keys.allSlots().map(({ svm, slot }) => `${svm.svmId} ${slotText(slot)}`);
  if (JSON.stringify(coreSlots) !== JSON.stringify(modelSlots))
    found.push(`key slots: the model has ${JSON.stringify(modelSlots)}, core ${JSON.stringify(coreSlots)}`);
  return found;
};

describe('LedgerModel', () => {
  test('R-L3: core applies, in strict mode, every event of every valid history the model builds (licenses and keys)', () => {
    fc.assert(fc.property(validHistory({ keys: true }), coreAppliesAll));
    fc.assert(fc.property(validHistory({ maxPools: 5, maxMachines: 6, maxGroups: 3 }), coreAppliesAll));
    fc.assert(fc.property(svmHistory({ maxSvms: 4 }), coreAppliesAll));
  });

  test('R-L3: the model and core agree on every candidate event, applied or refused, so the model hides no valid event either', () => {
    fc.assert(fc.property(validHistoryPlan({ keys: true }), (plan) => expect(disagreements(plan)).toEqual([])));
    fc.assert(
      fc.property(validHistoryPlan({ maxPools: 5, maxMachines: 6 }), (plan) => expect(disagreements(plan)).toEqual([])),
    );
    fc.assert(fc.property(svmHistoryPlan({ maxSvms: 4 }), (plan) => expect(disagreements(plan)).toEqual([])));
  });
});
