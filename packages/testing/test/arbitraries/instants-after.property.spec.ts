import { advanceTo, replay } from '@license-ledger/core';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { instantsAfter } from '../../src/arbitraries/instants-after';
import { validHistory } from '../../src/arbitraries/valid-history';

describe('instantsAfter', () => {
  test(`R-T4: yields only instants at or after the clock, which advanceTo accepts`, () => {
    const stateAndLater = validHistory()
      .map((events) => replay()(events).state)
      .chain((state) => fc.tuple(fc.constant(state), instantsAfter(state)));
    fc.assert(
      fc.property(stateAndLater, ([state, at]) => {
        expect(at).toBeGreaterThanOrEqual(state.clock ?? at);
        expect(E.isRight(advanceTo(at)(state))).toBe(true);
      }),
    );
  });
});
