import { decodeLine } from '@license-ledger/core';
import fc from 'fast-check';
import { eventToLine } from '../../src/wire/event-to-line';
import { validHistory } from '../../src/arbitraries/valid-history';

describe('eventToLine', () => {
  test(`R-L1/R-L2: every generated event, written as a line and decoded, is the same event`, () => {
    fc.assert(
      fc.property(validHistory({ keys: true }), (events) => {
        events.forEach((event, i) =>
          expect(decodeLine({ line: i + 1, text: eventToLine(event) })).toEqual({ line: i + 1, event }),
        );
      }),
    );
  });
});
