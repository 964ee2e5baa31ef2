import { listPools, poolLicenses } from '@license-ledger/core';
import { checkEveryStep } from '../../src/invariants/check-every-step';
import type { StateInvariant, StepInvariant } from '../../src/invariants/invariant';
import { eventBuilder, instantOf } from '../../src/builders/events';

const e = eventBuilder();

/** Flags every expired license: the 30-day license below expires on 2025-02-01, between two events. */
const noExpiry: StateInvariant = (state) =>
  listPools(state).flatMap((pool) =>
    [...poolLicenses(state, pool.poolId)].filter((l) => l.status === 'expired').map((l) => `${l.licenseId} expired`),
  );

const history = () => [
  e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1, termDays: 30 }),
  e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
  e('RecoveryRun', '2025-03-01T00:00:00Z', {}),
];

describe('checkEveryStep', () => {
  test('R-T4: checks state invariants at the instant a time-driven change falls due between two events', () => {
    const events = history();
    expect(checkEveryStep({ state: [noExpiry] })(events)).toEqual([
      `at 2025-02-01T00:00:00Z (time-driven, before ${events[2]?.id}): kes#1 expired`,
      `after #3 ${events[2]?.id} (RecoveryRun, applied) at 2025-03-01T00:00:00Z: kes#1 expired`,
    ]);
  });

  test('checks only after events when asked not to look between them', () => {
    const events = history();
    expect(checkEveryStep({ state: [noExpiry], betweenEvents: false })(events)).toEqual([
      `after #3 ${events[2]?.id} (RecoveryRun, applied) at 2025-03-01T00:00:00Z: kes#1 expired`,
    ]);
  });

  test('R-T4: runs time on to `until`, checking at each change due on the way and at the instant asked for', () => {
    const events = history().slice(0, 2);
    expect(checkEveryStep({ state: [noExpiry], until: instantOf('2025-02-15T00:00:00Z') })(events)).toEqual([
      'at 2025-02-01T00:00:00Z (time-driven, after the last event): kes#1 expired',
      'at 2025-02-15T00:00:00Z (asked for): kes#1 expired',
    ]);
  });

  test('hands step invariants the state before, the event and the state after, and says what became of the event', () => {
    const seen: string[] = [];
    const spy: StepInvariant = (before, event, after) => {
      seen.push(`${event.id}: ${before.clock ?? 'empty'} → ${after.clock ?? 'empty'}`);
      return event.type === 'KesInstalled' ? ['flagged'] : [];
    };
    const events = history();
    const rejected = e('Uninstalled', '2025-03-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-9' });
    expect(checkEveryStep({ step: [spy] })([...events, rejected])).toEqual([
      `after #2 ${events[1]?.id} (KesInstalled, applied) at 2025-01-02T00:00:00Z: flagged`,
    ]);
    expect(seen).toEqual([
      `${events[0]?.id}: empty → ${instantOf('2025-01-01T00:00:00Z')}`,
      `${events[1]?.id}: ${instantOf('2025-01-01T00:00:00Z')} → ${instantOf('2025-01-02T00:00:00Z')}`,
      `${events[2]?.id}: ${instantOf('2025-01-02T00:00:00Z')} → ${instantOf('2025-03-01T00:00:00Z')}`,
      // A rejected event moves nothing, not even the clock (R-L3).
      `${rejected.id}: ${instantOf('2025-03-01T00:00:00Z')} → ${instantOf('2025-03-01T00:00:00Z')}`,
    ]);
  });
});
