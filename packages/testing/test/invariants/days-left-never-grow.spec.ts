import { applyEvent, getLicense } from '@license-ledger/core';
import { daysLeftNeverGrow } from '../../src/invariants/days-left-never-grow';
import { kesState, withLicense } from '../support/fixtures';
import { eventBuilder, replayedClean } from '../../src/builders/events';

const e = eventBuilder();

describe('daysLeftNeverGrow', () => {
  test('R-T3: passes while an applied license counts down and a partial keeps its 300 days', () => {
    const before = kesState();
    const event = e('RecoveryRun', '2025-04-11T00:00:00Z', {});
    expect(daysLeftNeverGrow(before, event, applyEvent(event)(before).state)).toEqual([]);
  });

  test('R-U1: catches a partial license that gained days', () => {
    const before = kesState();
    const event = e('RecoveryRun', '2025-03-12T00:00:00Z', {});
    const after = withLicense(applyEvent(event)(before).state, 'kes#3', (license) => ({ ...license, daysLeft: 310 }));
    expect(daysLeftNeverGrow(before, event, after)).toEqual([
      `kes#3 had 300 days left and now has 310 (reserved → reserved, after RecoveryRun ${event.id})`,
    ]);
  });

  test('R-O2: an Other license resolved to Unused gets a full term, the one growth the rules allow', () => {
    // kes#1 ran from 2025-01-02 to 2025-03-01: 58 days used, 307 left when marked Other (R-O1).
    const before = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
      e('LicenseMarkedOther', '2025-03-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', reason: 'lost' }),
    ]);
    expect(getLicense(before, 'kes#1')?.daysLeft).toBe(307);
    const event = e('OtherResolved', '2025-03-02T00:00:00Z', {
      poolId: 'kes',
      licenseId: 'kes#1',
      resolution: 'unused',
    });
    const after = applyEvent(event)(before).state;
    expect(getLicense(after, 'kes#1')?.daysLeft).toBe(365);
    expect(daysLeftNeverGrow(before, event, after)).toEqual([]);
  });
});
