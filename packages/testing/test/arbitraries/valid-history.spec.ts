import { DAY_MS, historyToArray, listPools, replay } from '@license-ledger/core';
import { poolLicenses } from '@license-ledger/core/internal';
import fc from 'fast-check';
import { validHistory } from '../../src/arbitraries/valid-history';
import { coverageSeed } from '../support/settings';

const LICENSE_EVENTS = [
  'LicensePurchased',
  'InstallRequested',
  'KesInstalled',
  'ModuleInstalled',
  'InstallFailed',
  'Uninstalled',
  'AvUninstalledByUser',
  'AgentDeleted',
  'RecoveryRun',
  'CleanDatabaseRun',
  'Extended',
  'Returned',
  'AutoExtendSet',
  'LicenseMarkedOther',
  'OtherResolved',
];

describe('validHistory', () => {
  // A generator that stops reaching a rule makes every property built on it pass vacuously.
  const sample = fc.sample(validHistory({ keys: true }), { seed: coverageSeed, numRuns: 200 });

  test(`reaches every license event type and every key event type (seed ${coverageSeed})`, () => {
    const types = new Set<string>(sample.flat().map((event) => event.type));
    expect(
      [...LICENSE_EVENTS, 'SvmRegistered', 'KeyActivated', 'ReserveKeyAdded', 'ActivationCodeRenewal'].filter(
        (t) => !types.has(t),
      ),
    ).toEqual([]);
  });

  test(`R-T2/R-T4: spans long enough for terms to end, extensions to take over and auto-extend to fire (seed ${coverageSeed})`, () => {
    const rules = new Set(
      sample.flatMap((events) => {
        const { state } = replay()(events);
        return listPools(state).flatMap((pool) =>
          [...poolLicenses(state, pool.poolId)].flatMap((l) =>
            historyToArray(l.history)
              .filter((c) => c.eventId === null)
              .map((c) => c.rule),
          ),
        );
      }),
    );
    expect([...rules].sort()).toEqual(['R-T2', 'R-X2', 'R-X4']);
    expect(sample.some((events) => (events[events.length - 1]?.at ?? 0) - (events[0]?.at ?? 0) > 365 * DAY_MS)).toBe(
      true,
    );
  });

  test(`R-I2/R-D2/R-O2: makes partial licenses by uninstall, recovery and resolution, and takes them again (seed ${coverageSeed})`, () => {
    const rules = new Set(
      sample.flatMap((events) => {
        const { state } = replay()(events);
        return listPools(state).flatMap((pool) =>
          [...poolLicenses(state, pool.poolId)].flatMap((l) =>
            historyToArray(l.history).map((c) => `${c.rule}:${c.status}`),
          ),
        );
      }),
    );
    expect(
      [
        'R-U1:partial',
        'R-D2:partial',
        'R-D4:partial',
        'R-O2:partial',
        'R-I2:reserved',
        'R-I2:applied',
        'R-I4:partial',
      ].filter((r) => !rules.has(r)),
    ).toEqual([]);
  });
});
