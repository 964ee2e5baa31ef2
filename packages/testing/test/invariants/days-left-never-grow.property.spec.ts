import fc from 'fast-check';
import { checkEveryStep, daysLeftNeverGrow, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('daysLeftNeverGrow', () => {
  test(`R-T3/R-U1/R-D1/R-I4: no license ever carries more days than before, except an Other resolved to Unused (R-O2)`, () => {
    fc.assert(
      fc.property(validHistory(SUITE_HISTORY), (events) =>
        expectNone(checkEveryStep({ step: [daysLeftNeverGrow] })(events)),
      ),
    );
  });
});
