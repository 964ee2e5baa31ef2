import fc from 'fast-check';
import { checkEveryStep, recoveryIsIdempotent, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('recoveryIsIdempotent', () => {
  test(`R-D2: at every point of a history, one RecoveryRun releases every held KES license and a second changes nothing`, () => {
    fc.assert(
      fc.property(validHistory(SUITE_HISTORY), (events) =>
        expectNone(checkEveryStep({ state: [recoveryIsIdempotent], betweenEvents: false })(events)),
      ),
    );
  });
});
