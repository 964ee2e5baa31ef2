import fc from 'fast-check';
import { historyToArray, listMachines, listPools, replay } from '@license-ledger/core';
import { poolLicenses } from '@license-ledger/core/internal';
import { modelledKesHistory } from '../../src/index';
import { coverageSeed } from '../support/settings';

describe('modelledKesHistory', () => {
  test('R-L3: core applies every event the reference model generated, in strict mode (a rejection is a disagreement on the rules)', () => {
    fc.assert(
      fc.property(modelledKesHistory(), (events) => {
        const { problems, stats } = replay({ mode: 'strict' })(events);
        if (problems.length > 0) {
          const [first] = problems;
          throw new Error(
            `core rejected ${first?.eventId} by ${first?.rule}: ${first?.message}\nafter ${events.map((e) => `${e.id} ${e.type}`).join(', ')}`,
          );
        }
        expect(stats.applied).toBe(events.length);
      }),
    );
  });

  test(`R-X2, R-X4, R-U1, R-X3, R-I4: the histories reach takeovers, auto-extends, partials, returns and failed installs (seed ${coverageSeed})`, () => {
    const seen = new Set<string>();
    for (const events of fc.sample(modelledKesHistory(), { seed: coverageSeed, numRuns: 200 })) {
      for (const event of events) seen.add(event.type);
      const state = replay({ history: 'full' })(events).state;
      for (const machine of listMachines(state))
        for (const change of historyToArray(machine.history)) seen.add(change.rule);
      for (const pool of listPools(state))
        for (const license of poolLicenses(state, pool.poolId)) seen.add(`status:${license.status}`);
    }
    const wanted = [
      'R-X2',
      'R-X4',
      'status:partial',
      'status:expired',
      'Returned',
      'InstallFailed',
      'InstallRequested',
      'AutoExtendSet',
      'Uninstalled',
    ];
    expect(wanted.filter((what) => !seen.has(what))).toEqual([]);
  });
});
