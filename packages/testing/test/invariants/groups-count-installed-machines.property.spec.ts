import fc from 'fast-check';
import { checkEveryStep, groupsCountInstalledMachines, validHistory } from '../../src/index';
import { expectNone } from '../support/ledger';
import { SUITE_HISTORY } from '../support/settings';

describe('groupsCountInstalledMachines', () => {
  test(`R-V3: each group counts the live machines with the module installed now, at every instant`, () => {
    fc.assert(
      fc.property(validHistory({ ...SUITE_HISTORY, maxGroups: 3 }), (events) =>
        expectNone(checkEveryStep({ state: [groupsCountInstalledMachines] })(events)),
      ),
    );
  });
});
