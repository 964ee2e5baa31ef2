import fc from 'fast-check';
import { checkEveryStep, oneStatePerLicense, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('oneStatePerLicense', () => {
  test(`R-P3/R-V1/R-V2: every popup count and Used is the number of licenses in that state, one by one, at every instant`, () => {
    fc.assert(
      fc.property(validHistory(SUITE_HISTORY), (events) =>
        expectNone(checkEveryStep({ state: [oneStatePerLicense] })(events)),
      ),
    );
  });
});
