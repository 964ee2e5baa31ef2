import { applyEvent, getLicense, type LedgerState } from '@license-ledger/core';
import { emptyHeap, heapInsert } from '@license-ledger/core/internal';
import { partialsFirst } from '../../src/invariants/partials-first';
import { withPool } from '../support/fixtures';
import { eventBuilder, replayedClean } from '../../src/builders/events';

const e = eventBuilder();

/** kes#1 partial since 2025-03-10 (ws-1), kes#2 partial since 2025-03-12 (ws-2), kes#3 never used. */
const twoPartials = (): LedgerState =>
  replayedClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'g-1' }),
    e('Uninstalled', '2025-03-10T00:00:00Z', { poolId: 'kes', machineId: 'ws-1' }),
    e('Uninstalled', '2025-03-12T00:00:00Z', { poolId: 'kes', machineId: 'ws-2' }),
  ]);

const taken = (state: LedgerState): string | undefined =>
  ['kes#1', 'kes#2', 'kes#3'].find(
    (id) => getLicense(state, id)?.status === 'reserved' || getLicense(state, id)?.machineId === 'ws-3',
  );

describe('partialsFirst', () => {
  test('R-I2: passes when a request takes the partial that became partial first', () => {
    const before = twoPartials();
    const event = e('InstallRequested', '2025-03-13T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', groupId: 'g-1' });
    const after = applyEvent(event)(before).state;
    expect(taken(after)).toBe('kes#1');
    expect(partialsFirst(before, event, after)).toEqual([]);
  });

  test('R-I2: catches an install that takes a full license while a partial is left', () => {
    const before = twoPartials();
    const event = e('KesInstalled', '2025-03-13T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', groupId: 'g-1' });
    const after = applyEvent(event)(withPool(before, 'kes', (pool) => ({ ...pool, partials: emptyHeap() }))).state;
    expect(partialsFirst(before, event, after)).toEqual([
      `R-I2: KesInstalled ${event.id} took kes#3, a full license, while 2 partial licenses were left (kes#1 first)`,
    ]);
  });

  test('R-I2: catches a request that takes a later partial before an earlier one', () => {
    const before = twoPartials();
    const event = e('InstallRequested', '2025-03-13T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', groupId: 'g-1' });
    const onlySecond = withPool(before, 'kes', (pool) => ({
      ...pool,
      partials: heapInsert(
        emptyHeap(),
        { since: before.clock ?? (0 as never), batch: 2, deletedAt: 0 as never, seq: 2, licenseId: 'kes#2' },
        () => 0,
      ),
    }));
    expect(partialsFirst(before, event, applyEvent(event)(onlySecond).state)).toEqual([
      expect.stringMatching(
        new RegExp(`^R-I2: InstallRequested ${event.id} took partial kes#2 \\(partial since \\d+\\) before kes#1`),
      ),
    ]);
  });

  test('R-P3: catches an install that skips the lowest-numbered unused license', () => {
    const before = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
    ]);
    const event = e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' });
    const after = applyEvent(event)(withPool(before, 'kes', (pool) => ({ ...pool, nextFresh: 2 }))).state;
    expect(partialsFirst(before, event, after)).toEqual([
      `R-P3: KesInstalled ${event.id} took kes#2, not the lowest-numbered unused kes#1`,
    ]);
  });

  test('R-I4: a partial given back by a failed install keeps its place at the head of the queue', () => {
    const requested = applyEvent(
      e('InstallRequested', '2025-03-13T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', groupId: 'g-1' }),
    )(twoPartials()).state;
    const before = applyEvent(e('InstallFailed', '2025-03-13T01:00:00Z', { poolId: 'kes', machineId: 'ws-3' }))(
      requested,
    ).state;
    expect(getLicense(before, 'kes#1')?.status).toBe('partial');
    const event = e('InstallRequested', '2025-03-14T00:00:00Z', { poolId: 'kes', machineId: 'ws-4', groupId: 'g-1' });
    const after = applyEvent(event)(before).state;
    expect(getLicense(after, 'kes#1')?.machineId).toBe('ws-4');
    expect(partialsFirst(before, event, after)).toEqual([]);
  });
});
