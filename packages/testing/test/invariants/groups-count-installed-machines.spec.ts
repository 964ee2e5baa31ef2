import { removeEntry } from '@license-ledger/core/internal';
import { groupsCountInstalledMachines } from '../../src/invariants/groups-count-installed-machines';
import { kesState, withPool } from '../support/fixtures';

describe('groupsCountInstalledMachines', () => {
  test('R-V3: passes on a hand-checked state (ws-1 installed in g-1; ws-2 uninstalled, ws-3 pending do not count)', () => {
    expect(groupsCountInstalledMachines(kesState())).toEqual([]);
  });

  test('R-V3: catches a group that lost its machine', () => {
    const broken = withPool(kesState(), 'kes', (pool) => ({ ...pool, groups: removeEntry(pool.groups, 'g-1') }));
    expect(groupsCountInstalledMachines(broken)).toEqual([
      'R-V3: pool kes: group g-1 shows 0 machines, 1 have it installed',
    ]);
  });
});
