import { applyEvent } from '@license-ledger/core';
import { expiredStaysExpired } from '../../src/invariants/expired-stays-expired';
import { withLicense } from '../support/fixtures';
import { eventBuilder, replayedClean } from '../../src/builders/events';

const e = eventBuilder();

// kes#1 runs from 2025-01-02 for 365 days: Expired from 2026-01-02 on (R-T2).
const expiredHistory = () => [
  e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 }),
  e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
];

describe('expiredStaysExpired', () => {
  test('R-U1: passes when an expired license is uninstalled and stays Expired', () => {
    const before = replayedClean([...expiredHistory(), e('RecoveryRun', '2026-02-01T00:00:00Z', {})]);
    const event = e('Uninstalled', '2026-02-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1' });
    expect(expiredStaysExpired(before, event, applyEvent(event)(before).state)).toEqual([]);
  });

  test('R-U1: catches an expired license that came back', () => {
    const before = replayedClean([...expiredHistory(), e('RecoveryRun', '2026-02-01T00:00:00Z', {})]);
    const event = e('RecoveryRun', '2026-02-02T00:00:00Z', {});
    const after = withLicense(applyEvent(event)(before).state, 'kes#1', (license) => ({ ...license, status: 'other' }));
    expect(expiredStaysExpired(before, event, after)).toEqual([
      `kes#1 was expired and is now other (after RecoveryRun ${event.id}; R-U1: expired licenses are not recoverable)`,
    ]);
  });

  test('R-O1: marking an expired license Other is rejected, so the license stays Expired (the path that brought one back)', () => {
    const before = replayedClean([...expiredHistory(), e('RecoveryRun', '2026-02-01T00:00:00Z', {})]);
    const event = e('LicenseMarkedOther', '2026-02-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', reason: 'lost' });
    const result = applyEvent(event)(before);
    expect(result.outcome).toMatchObject({ kind: 'rejected', rejection: { rule: 'R-O1' } });
    expect(expiredStaysExpired(before, event, result.state)).toEqual([]);
  });
});
