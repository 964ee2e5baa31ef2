import { decodeLine } from '@license-ledger/core';
import fc from 'fast-check';
import { eventToLine } from '../../src/wire/event-to-line';
import { validHistory } from '../../src/arbitraries/valid-history';
import { fcParameters, seed } from '../support/settings';

describe('eventToLine', () => {
  test(`R-L1/R-L2: every generated event, written as a line and decoded, is the same event (seed ${seed})`, () => {
    fc.assert(
      fc.property(validHistory({ keys: true }), (events) => {
        events.forEach((event, i) => expect(decodeLine({ line: i + 1, text: eventToLine(event) })).toEqual({ line: i + 1, event }));
      }),
      fcParameters(100),
    );
  });
});
