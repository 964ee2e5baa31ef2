import fc from 'fast-check';
import { checkEveryStep, extensionsStartAtPreviousEnd, instantsAfter, validHistory } from '../../src/index';
import { expectNone, replayed } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('extensionsStartAtPreviousEnd', () => {
  test(`R-X2: every queued extension takes over exactly at the previous end, with a full term`, () => {
    const historyAndLater = validHistory(SUITE_HISTORY).chain((events) =>
      fc.tuple(fc.constant(events), instantsAfter(replayed(events))),
    );
    fc.assert(
      fc.property(historyAndLater, ([events, until]) =>
        expectNone(checkEveryStep({ state: [extensionsStartAtPreviousEnd], betweenEvents: false, until })(events)),
      ),
    );
  });
});
