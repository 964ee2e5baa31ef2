import fc from 'fast-check';
import { checkEveryStep, oneAppliedKesPerMachine, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('oneAppliedKesPerMachine', () => {
  test(`R-L3/R-X2: a machine never runs two applied KES licenses at once`, () => {
    fc.assert(
      fc.property(validHistory({ ...SUITE_HISTORY, maxPools: 4 }), (events) =>
        expectNone(checkEveryStep({ state: [oneAppliedKesPerMachine] })(events)),
      ),
    );
  });
});
