import { decodeLog, splitLines, replay } from '@license-ledger/core';
import fc from 'fast-check';
import { faultyHistory, strictAndLenientAgree, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';

describe('strictAndLenientAgree', () => {
  test(`R-L4: on a valid log strict and lenient replay end in the same state, and neither stops`, () => {
    fc.assert(fc.property(validHistory({ keys: true }), (events) => expectNone(strictAndLenientAgree(events))));
  });

  test(`R-L4: on a faulty log strict stops at the first problem lenient reports, in the state lenient had there`, () => {
    fc.assert(
      fc.property(faultyHistory(), ({ lines }) => {
        const entries = [...decodeLog(splitLines([lines.join('\n')]))].flat();
        const strict = replay({ mode: 'strict' })(entries);
        const lenient = replay({ mode: 'lenient' })(entries);
        expect(strict.problems).toEqual(lenient.problems.slice(0, 1));
        const events = entries.flatMap((entry) => ('event' in entry ? [entry.event] : []));
        // The event-only view of the same log: the decode errors are gone, the rest must still agree.
        expectNone(strictAndLenientAgree(events));
      }),
    );
  });
});
