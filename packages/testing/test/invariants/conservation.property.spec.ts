import fc from 'fast-check';
import { checkEveryStep, conservation, queryInstant, validHistory } from '../../src/index';
import { expectNone, stateAt } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('conservation', () => {
  test(`R-V4: Max = Unused + Used + Extended + pending on never-used licenses, after every event and at every time-driven change`, () => {
    fc.assert(
      fc.property(validHistory({ ...SUITE_HISTORY, keys: true }), (events) =>
        expectNone(checkEveryStep({ state: [conservation] })(events)),
      ),
    );
  });

  test(`R-V4/R-T4: conservation holds as of any instant, before, during and long after the history`, () => {
    const historyAndInstant = validHistory(SUITE_HISTORY).chain((events) =>
      fc.tuple(fc.constant(events), queryInstant(events)),
    );
    fc.assert(fc.property(historyAndInstant, ([events, at]) => expectNone(conservation(stateAt(events, at)))));
  });
});
