import { expectedOutcomes } from '../../src/model/expected-outcomes';
import { eventBuilder } from '../../src/builders/events';

describe('expectedOutcomes', () => {
  test('R-L3, R-L5, R-T1: applied, rejected by the rules, an exact repeat skipped, the same id with another body rejected, an earlier instant rejected', () => {
    const e = eventBuilder();
    const purchase = e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1 });
    const install = e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g' });
    expect(
      expectedOutcomes([
        purchase,
        install,
        e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'g' }),
        { ...install },
        { ...install, groupId: 'other' },
        e('Uninstalled', '2025-01-01T12:00:00Z', { poolId: 'kes', machineId: 'ws-1' }),
      ]),
    ).toEqual(['applied', 'applied', 'rejected', 'duplicate', 'rejected', 'rejected']);
  });
});
