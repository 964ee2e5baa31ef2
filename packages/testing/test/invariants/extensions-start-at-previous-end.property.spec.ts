import fc from 'fast-check';
import { checkEveryStep, extensionsStartAtPreviousEnd, instantsAfter, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';
import { replayedClean } from '../../src/builders/events';

describe('extensionsStartAtPreviousEnd', () => {
  test(`R-X2: every queued extension takes over exactly at the previous end, with a full term`, () => {
    const historyAndLater = validHistory(SUITE_HISTORY).chain((events) =>
      fc.tuple(fc.constant(events), instantsAfter(replayedClean(events))),
    );
    fc.assert(
      fc.property(historyAndLater, ([events, until]) =>
        expectNone(checkEveryStep({ state: [extensionsStartAtPreviousEnd], betweenEvents: false, until })(events)),
      ),
    );
  });
});
