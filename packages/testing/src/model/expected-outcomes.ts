import type { LedgerEvent } from '@license-ledger/core';
import { LedgerModel, type ModelOutcome } from './ledger-model';

/**
 * What replay must make of each event of a log, in order, by the package's own
 * model of the rules (written from rules.md, no code shared with core):
 * `applied`, `duplicate` (an exact repeat, skipped, R-L5) or `rejected` (R-L3,
 * R-L5, R-T1). So a generator of arbitrary logs — valid events, events the rules
 * refuse, repeats — can label every event with the outcome a test must see, and
 * a test can compare them with what core reports.
 *
 * @since 0.1.0
 * @example
 * import { expectedOutcomes } from '@license-ledger/testing'
 * expectedOutcomes([
 *   { type: 'LicensePurchased', id: 'e1', at: 0 as never, poolId: 'kes', module: 'KES', quantity: 1 },
 *   { type: 'Extended', id: 'e2', at: 0 as never, poolId: 'kes', machineId: 'ws-1' },
 * ]) // ['applied', 'rejected']
 */
export const expectedOutcomes = (events: readonly LedgerEvent[]): readonly ModelOutcome[] => {
  const model = new LedgerModel(events[0]?.at ?? 0);
  return events.map((event) => model.outcome(event));
};

export type { ModelOutcome };
