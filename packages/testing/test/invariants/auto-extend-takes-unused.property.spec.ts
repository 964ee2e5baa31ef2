import fc from 'fast-check';
import { autoExtendTakesUnused, checkEveryStep, instantsAfter, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';
import { replayedClean } from '../../src/builders/events';

describe('autoExtendTakesUnused', () => {
  test(`R-X4: auto-extend only ever applies a never-used license, never a partial, during the history and after it`, () => {
    // Histories accumulate, so checking after each event and once at a later instant sees every auto-extend.
    const historyAndLater = validHistory(SUITE_HISTORY).chain((events) =>
      fc.tuple(fc.constant(events), instantsAfter(replayedClean(events))),
    );
    fc.assert(
      fc.property(historyAndLater, ([events, until]) =>
        expectNone(checkEveryStep({ state: [autoExtendTakesUnused], betweenEvents: false, until })(events)),
      ),
    );
  });
});
