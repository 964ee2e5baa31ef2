/**
 * What the property suite found in core, each as the smallest log that shows it.
 * An open finding is `test.failing`: it states the rule, fails today, and will
 * report "passed unexpectedly" once core is fixed — then make it a plain `test`
 * (and drop any generator option that steers around it, test/support/settings.ts).
 */
import * as E from 'fp-ts/Either';
import { applyEvent, emptyLedger, type LedgerEvent, replay } from '@license-ledger/core';
import { licenseManagerCounts } from '@license-ledger/license-manager';
import { eventBuilder, instantOf } from '../../src/builders/events';

const e = eventBuilder();

describe('core findings', () => {
  // Finding 1, found by oneAppliedKesPerMachine (seed 11; shrunk): core checked the pool, not the
  // module, so ws-1 ran two KES licenses. Fixed: R-L3 looks at the module, whichever pool it came from.
  test('R-L3: a KES install on a machine already running KES from another pool is rejected', () => {
    const result = replay({ mode: 'lenient' })([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-a', module: 'KES', quantity: 1 }),
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes-b', module: 'KES', quantity: 1 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes-a', machineId: 'ws-1', groupId: 'g-1' }),
      e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes-b', machineId: 'ws-1', groupId: 'g-1' }),
    ]);
    expect(result.problems.map((p) => [p.kind, p.rule])).toEqual([['rejected', 'R-L3']]);
  });

  // Finding 2: the body hash followed key order, so a hand-built exact repeat was rejected.
  // Fixed: the hash visits keys in sorted order.
  test('R-L5: an exact repeat is skipped whatever order its fields were written in', () => {
    const first: LedgerEvent = {
      type: 'LicensePurchased',
      id: 'e1',
      at: instantOf('2025-01-01T00:00:00Z'),
      poolId: 'p',
      module: 'KES',
      quantity: 1,
    };
    const again: LedgerEvent = {
      quantity: 1,
      module: 'KES',
      poolId: 'p',
      at: instantOf('2025-01-01T00:00:00Z'),
      id: 'e1',
      type: 'LicensePurchased',
    };
    const { state } = applyEvent(first)(emptyLedger());
    expect(applyEvent(again)(state).outcome).toEqual({ kind: 'duplicate' });
  });

  // Fixed in core while this suite was written (found by groupsCountInstalledMachines, seed 1):
  // a direct check-in that moved a machine to another group wrote back a stale pool and lost the move.
  test('R-V3: a check-in that moves a machine to another group counts it in the new group only', () => {
    const { state } = replay({ mode: 'strict' })([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2, termDays: 7 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
      e('KesInstalled', '2025-01-20T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-2' }),
    ]);
    expect(E.getOrElseW(() => undefined)(licenseManagerCounts('kes')(state))?.groups).toEqual([
      { groupId: 'g-2', machines: 1 },
    ]);
  });

  // Fixed in core while this suite was written: a re-sent event carries its old instant and was
  // rejected as out of time order (R-T1) instead of skipped as a repeat.
  test('R-L5: an event re-sent after later events is skipped, not rejected as out of order', () => {
    const purchase = e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1 });
    const result = replay({ mode: 'strict' })([
      purchase,
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
      purchase,
    ]);
    expect([result.problems, result.stats.skippedDuplicates]).toEqual([[], 1]);
  });
});
