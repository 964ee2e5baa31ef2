import fc from 'fast-check';
import { checkEveryStep, instantsAfter, reserveKeyBesideActiveKey, svmHistory, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';
import { replayedClean } from '../../src/builders/events';

describe('reserveKeyBesideActiveKey', () => {
  test(`R-K3/R-K4/R-K5: a reserve key only ever sits beside an active key of its type and edition, never with a subscription or trial key`, () => {
    const historyAndLater = svmHistory().chain((events) =>
      fc.tuple(fc.constant(events), instantsAfter(replayedClean(events))),
    );
    fc.assert(
      fc.property(historyAndLater, ([events, until]) =>
        expectNone(checkEveryStep({ state: [reserveKeyBesideActiveKey], until })(events)),
      ),
    );
  });

  test(`R-K4: the same holds with key events mixed into license events`, () => {
    fc.assert(
      fc.property(validHistory({ ...SUITE_HISTORY, keys: true }), (events) =>
        expectNone(checkEveryStep({ state: [reserveKeyBesideActiveKey] })(events)),
      ),
    );
  });
});
