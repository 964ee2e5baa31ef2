import fc from 'fast-check';
import { checkEveryStep, partialsFirst, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('partialsFirst', () => {
  test(`R-I2/R-P3: installs take the earliest partial before any full license, else the lowest-numbered unused`, () => {
    fc.assert(
      fc.property(validHistory(SUITE_HISTORY), (events) =>
        expectNone(checkEveryStep({ step: [partialsFirst] })(events)),
      ),
    );
  });
});
