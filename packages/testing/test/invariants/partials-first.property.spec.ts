import fc from 'fast-check';
import { checkEveryStep, partialsFirst, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { fcParameters, seed, SUITE_HISTORY } from '../support/settings';

describe('partialsFirst', () => {
  test(`R-I2/R-P3: installs take the earliest partial before any full license, else the lowest-numbered unused (seed ${seed})`, () => {
    fc.assert(
      fc.property(validHistory(SUITE_HISTORY), (events) => expectNone(checkEveryStep({ step: [partialsFirst] })(events))),
      fcParameters(150),
    );
  });
});
