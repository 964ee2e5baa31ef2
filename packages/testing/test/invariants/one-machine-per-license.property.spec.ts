import fc from 'fast-check';
import { checkEveryStep, oneMachinePerLicense, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('oneMachinePerLicense', () => {
  test(`R-P3/R-I1/R-X1/R-D1: each license is on at most one machine, where its status says, at every instant`, () => {
    fc.assert(
      fc.property(validHistory(SUITE_HISTORY), (events) =>
        expectNone(checkEveryStep({ state: [oneMachinePerLicense] })(events)),
      ),
    );
  });
});
