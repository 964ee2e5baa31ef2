import { advanceTo, type Instant, type LedgerEvent, type LedgerState, replay } from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import type { Violations } from '../../src/index';

/** Fails the property with the first violations found, so fast-check shows them next to the counterexample. */
export const expectNone = (found: Violations): void => {
  if (found.length > 0) throw new Error(`${found.length} violation(s):\n${found.slice(0, 5).join('\n')}`);
};

/** The ledger as of any instant (docs/report-json.md): replay up to it, then run time on to it. */
export const stateAt = (events: readonly LedgerEvent[], at: Instant): LedgerState => {
  const { state } = replay({ mode: 'lenient', until: at })(events);
  const advanced = advanceTo(at)(state);
  if (E.isLeft(advanced)) throw new Error(advanced.left.message);
  return advanced.right;
};
