import fc from 'fast-check';
import { instant, type LedgerEvent } from '@license-ledger/core';
import { gapArbitrary, startArbitrary } from '../generation/gaps';
import { KesReferenceModel } from '../model/kes-reference-model';

/**
 * Options of {@link modelledKesHistory}.
 *
 * @since 0.1.0
 */
export interface ModelledKesHistoryOptions {
  /** Steps drawn (default 40); those the model refuses are left out. */
  readonly maxSteps?: number;
  /** Machine ids `m-1`… (default 3). */
  readonly machines?: number;
}

type Kind = 'request' | 'install' | 'fail' | 'uninstall' | 'extend' | 'return' | 'autoExtend';
const WEIGHTS: Readonly<Record<Kind, number>> = {
  request: 3,
  install: 4,
  fail: 1,
  uninstall: 2,
  extend: 4,
  return: 2,
  autoExtend: 2,
};
const kindArbitrary: fc.Arbitrary<Kind> = fc.oneof(
  ...(Object.entries(WEIGHTS) as [Kind, number][]).map(([kind, weight]) => ({ weight, arbitrary: fc.constant(kind) })),
);

const stepArbitrary = fc.record({
  gap: gapArbitrary,
  kind: kindArbitrary,
  machine: fc.nat(),
  count: fc.integer({ min: 1, max: 3 }),
  enabled: fc.boolean(),
});

/** The pool every modelled history buys into. */
const POOL = 'kes-1';

/**
 * KES histories of one pool that are valid by construction, decided by the
 * package's own reference model of the rules (written from rules.md, sharing no
 * code with core): purchase, install requests, check-ins, failed installs,
 * uninstalls, extensions, returns and auto-extend, with gaps from minutes to
 * hundreds of days so terms end, extensions take over and auto-extend fires.
 * Each drawn step goes to the model first, at its instant (the model runs its own
 * expiries, takeovers and auto-extends, R-T4); the model applies it or refuses it
 * by the rules, and only what it applied becomes an event. Core is never asked,
 * so if core rejects any of these events, core and the model read the rules
 * differently: a test replays them strictly and fails on the first rejection.
 *
 * @since 0.1.0
 * @example
 * import fc from 'fast-check'
 * import { replay } from '@license-ledger/core'
 * import { modelledKesHistory } from '@license-ledger/testing'
 * fc.assert(fc.property(modelledKesHistory(), (events) => replay({ mode: 'strict' })(events).problems.length === 0))
 */
export const modelledKesHistory = (options: ModelledKesHistoryOptions = {}): fc.Arbitrary<readonly LedgerEvent[]> =>
  fc
    .record({
      start: startArbitrary,
      quantity: fc.integer({ min: 1, max: 8 }),
      termDays: fc.constantFrom(7, 30, 365),
      steps: fc.array(stepArbitrary, { maxLength: options.maxSteps ?? 40, size: 'max' }),
    })
    .map(({ start, quantity, termDays, steps }) => {
      const machines = Math.max(1, options.machines ?? 3);
      const model = new KesReferenceModel(quantity, termDays, start);
      const events: LedgerEvent[] = [];
      const stamp = () => ({ id: `e${events.length + 1}`, at: instant(model.now) });
      events.push({ type: 'LicensePurchased', ...stamp(), poolId: POOL, module: 'KES', quantity, termDays });
      for (const step of steps) {
        model.advance(model.now + step.gap);
        const machineId = `m-${(step.machine % machines) + 1}`;
        const target = { poolId: POOL, machineId };
        const event = ((): LedgerEvent | undefined => {
          switch (step.kind) {
            case 'request':
              return model.request(machineId)
                ? { type: 'InstallRequested', ...stamp(), ...target, groupId: 'g-1' }
                : undefined;
            case 'install':
              return model.install(machineId)
                ? { type: 'KesInstalled', ...stamp(), ...target, groupId: 'g-1' }
                : undefined;
            case 'fail':
              return model.fail(machineId) ? { type: 'InstallFailed', ...stamp(), ...target } : undefined;
            case 'uninstall':
              return model.uninstall(machineId) ? { type: 'Uninstalled', ...stamp(), ...target } : undefined;
            case 'extend':
              return model.extend(machineId, step.count)
                ? { type: 'Extended', ...stamp(), ...target, count: step.count }
                : undefined;
            case 'return':
              return model.giveBack(machineId, step.count)
                ? { type: 'Returned', ...stamp(), ...target, count: step.count }
                : undefined;
            case 'autoExtend':
              return model.setAutoExtend(machineId, step.enabled)
                ? { type: 'AutoExtendSet', ...stamp(), ...target, enabled: step.enabled }
                : undefined;
          }
        })();
        if (event !== undefined) events.push(event);
      }
      return events;
    });
