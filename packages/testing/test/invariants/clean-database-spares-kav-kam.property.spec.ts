import fc from 'fast-check';
import { checkEveryStep, cleanDatabaseSparesKavKam, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('cleanDatabaseSparesKavKam', () => {
  test(`R-D4: at every point of a history, Clean Database releases deleted agents' licenses except KAV and KAM, and touches nothing else`, () => {
    fc.assert(
      fc.property(validHistory({ ...SUITE_HISTORY, maxPools: 4 }), (events) =>
        expectNone(checkEveryStep({ state: [cleanDatabaseSparesKavKam], betweenEvents: false })(events)),
      ),
    );
  });
});
