import { getLicense, removeEntry } from '@license-ledger/core/internal';
import { recoveryIsIdempotent } from '../../src/invariants/recovery-is-idempotent';
import { ev } from '../support/fixtures';
import { replayed } from '../support/ledger';

const deleted = () =>
  replayed([
    ev.purchase('2025-01-01T00:00:00Z', 'kes', 'KES', 2),
    ev.kes('2025-01-02T00:00:00Z', 'kes', 'ws-1'),
    ev.extend('2025-01-03T00:00:00Z', 'kes', 'ws-1'),
    ev.agentDeleted('2025-02-01T00:00:00Z', 'ws-1'),
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
