import fc from 'fast-check';
import { checkEveryStep, instantsAfter, noNegativeCounts, validHistory } from '../../src/index';
import { expectNone, stateAt } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';
import { replayedClean } from '../../src/builders/events';

describe('noNegativeCounts', () => {
  test(`R-V1/R-V2/R-V3: no count is ever negative, after every event and at every time-driven change`, () => {
    fc.assert(
      fc.property(validHistory(SUITE_HISTORY), (events) =>
        expectNone(checkEveryStep({ state: [noNegativeCounts] })(events)),
      ),
    );
  });

  test(`R-T4: no count is negative at any instant after the last event`, () => {
    const historyAndLater = validHistory(SUITE_HISTORY).chain((events) =>
      fc.tuple(fc.constant(events), instantsAfter(replayedClean(events))),
    );
    fc.assert(fc.property(historyAndLater, ([events, at]) => expectNone(noNegativeCounts(stateAt(events, at)))));
  });
});
