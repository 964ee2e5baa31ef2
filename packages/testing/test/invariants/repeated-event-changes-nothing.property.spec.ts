import fc from 'fast-check';
import { repeatedEventChangesNothing, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('repeatedEventChangesNothing', () => {
  test(`R-L5: an event delivered again, right away or long after, is skipped and changes nothing`, () => {
    fc.assert(
      fc.property(validHistory({ ...SUITE_HISTORY, keys: true }), (events) =>
        expectNone(repeatedEventChangesNothing(events)),
      ),
    );
  });
});
