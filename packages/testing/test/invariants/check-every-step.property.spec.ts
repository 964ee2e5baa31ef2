import { decodeLog, type LedgerEvent, splitLines } from '@license-ledger/core';
import fc from 'fast-check';
import {
  checkEveryStep,
  faultyHistory,
  stateInvariants,
  stepInvariants,
  stepwiseEqualsReplay,
  validHistory,
} from '../../src/index';
import { expectNone } from '../support/ledger';

const everyInvariant = {
  state: Object.values(stateInvariants),
  step: Object.values(stepInvariants),
  betweenEvents: false,
} as const;

/** The events of a faulty log, its undecodable lines left out: out-of-order, rejected and repeated events stay. */
const eventsOf = (lines: readonly string[]): LedgerEvent[] =>
  [...decodeLog(splitLines([lines.join('\n')]))].flat().flatMap((entry) => ('event' in entry ? [entry.event] : []));

describe('checkEveryStep', () => {
  test(`R-L6: every state and step invariant holds on the states of one replay fed event by event, the transient backing`, () => {
    fc.assert(
      fc.property(validHistory({ keys: true }), (events) =>
        expectNone(checkEveryStep({ ...everyInvariant, backing: 'replay' })(events)),
      ),
    );
  });

  test(`R-L3, R-L6: with rejected, out-of-order and repeated events, both backings keep every invariant and end in the same state`, () => {
    fc.assert(
      fc.property(faultyHistory(), ({ lines }) => {
        const events = eventsOf(lines);
        expectNone(checkEveryStep({ ...everyInvariant, backing: 'replay' })(events));
        expectNone(checkEveryStep(everyInvariant)(events));
        expectNone(stepwiseEqualsReplay(events));
      }),
    );
  });
});
