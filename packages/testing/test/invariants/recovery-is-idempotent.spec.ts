import { getLicense } from '@license-ledger/core';
import { removeEntry } from '@license-ledger/core/internal';
import { recoveryIsIdempotent } from '../../src/invariants/recovery-is-idempotent';
import { eventBuilder, replayedClean } from '../../src/builders/events';

const e = eventBuilder();

const deleted = () =>
  replayedClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
    e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
    e('AgentDeleted', '2025-02-01T00:00:00Z', { machineId: 'ws-1' }),
  ]);

describe('recoveryIsIdempotent', () => {
  test('R-D1/R-D2: passes on a state with a KES license and an extension waiting for recovery', () => {
    expect(getLicense(deleted(), 'kes#1')?.status).toBe('held');
    expect(recoveryIsIdempotent(deleted())).toEqual([]);
  });

  test('R-D2: catches a held KES license that a RecoveryRun does not release', () => {
    const state = deleted();
    const broken = { ...state, awaitingRecovery: removeEntry(state.awaitingRecovery, 'ws-1@1') };
    expect(recoveryIsIdempotent(broken)).toEqual(['R-D2: kes#1 still waits for recovery after a RecoveryRun']);
  });
});
