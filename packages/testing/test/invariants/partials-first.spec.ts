import { applyEvent, type LedgerState } from '@license-ledger/core';
import { emptyHeap, getLicense, heapInsert } from '@license-ledger/core/internal';
import { partialsFirst } from '../../src/invariants/partials-first';
import { ev, withPool } from '../support/fixtures';
import { replayed } from '../support/ledger';

/** kes#1 partial since 2025-03-10 (ws-1), kes#2 partial since 2025-03-12 (ws-2), kes#3 never used. */
const twoPartials = (): LedgerState =>
  replayed([
    ev.purchase('2025-01-01T00:00:00Z', 'kes', 'KES', 3),
    ev.kes('2025-01-02T00:00:00Z', 'kes', 'ws-1'),
    ev.kes('2025-01-02T00:00:00Z', 'kes', 'ws-2'),
    ev.uninstall('2025-03-10T00:00:00Z', 'kes', 'ws-1'),
    ev.uninstall('2025-03-12T00:00:00Z', 'kes', 'ws-2'),
  ]);

const taken = (state: LedgerState): string | undefined =>
  ['kes#1', 'kes#2', 'kes#3'].find(
    (id) => getLicense(state, id)?.status === 'reserved' || getLicense(state, id)?.machineId === 'ws-3',
  );

describe('partialsFirst', () => {
  test('R-I2: passes when a request takes the partial that became partial first', () => {
    const before = twoPartials();
    const event = ev.request('2025-03-13T00:00:00Z', 'kes', 'ws-3');
    const after = applyEvent(event)(before).state;
    expect(taken(after)).toBe('kes#1');
    expect(partialsFirst(before, event, after)).toEqual([]);
  });

  test('R-I2: catches an install that takes a full license while a partial is left', () => {
    const before = twoPartials();
    const event = ev.kes('2025-03-13T00:00:00Z', 'kes', 'ws-3');
    const after = applyEvent(event)(withPool(before, 'kes', (pool) => ({ ...pool, partials: emptyHeap() }))).state;
    expect(partialsFirst(before, event, after)).toEqual([
      `R-I2: KesInstalled ${event.id} took kes#3, a full license, while 2 partial licenses were left (kes#1 first)`,
    ]);
  });

  test('R-I2: catches a request that takes a later partial before an earlier one', () => {
    const before = twoPartials();
    const event = ev.request('2025-03-13T00:00:00Z', 'kes', 'ws-3');
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
    const before = replayed([ev.purchase('2025-01-01T00:00:00Z', 'kes', 'KES', 3)]);
    const event = ev.kes('2025-01-02T00:00:00Z', 'kes', 'ws-1');
    const after = applyEvent(event)(withPool(before, 'kes', (pool) => ({ ...pool, nextFresh: 2 }))).state;
    expect(partialsFirst(before, event, after)).toEqual([
      `R-P3: KesInstalled ${event.id} took kes#2, not the lowest-numbered unused kes#1`,
    ]);
  });

  test('R-I4: a partial given back by a failed install keeps its place at the head of the queue', () => {
    const requested = applyEvent(ev.request('2025-03-13T00:00:00Z', 'kes', 'ws-3'))(twoPartials()).state;
    const before = applyEvent(ev.fail('2025-03-13T01:00:00Z', 'kes', 'ws-3'))(requested).state;
    expect(getLicense(before, 'kes#1')?.status).toBe('partial');
    const event = ev.request('2025-03-14T00:00:00Z', 'kes', 'ws-4');
    const after = applyEvent(event)(before).state;
    expect(getLicense(after, 'kes#1')?.machineId).toBe('ws-4');
    expect(partialsFirst(before, event, after)).toEqual([]);
  });
});
