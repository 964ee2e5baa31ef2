import { emptyLedger } from '@license-ledger/core';
import { DecisionChain } from '../src/decision-chain';
import { validateEvents } from '../src/stored-events';
import { purchase, uninstall } from './support/events';

const valid = (raws: readonly unknown[]) => validateEvents(raws).valid;

describe('DecisionChain', () => {
  test('R-L5: an exact repeat of an event the chain rejected is left out as a repeat while its id is kept; beyond the ids kept it is decided again', async () => {
    // Uninstalling a machine never installed is rejected (R-U1); the chain keeps one rejected id.
    const chain = new DecisionChain(emptyLedger(), 0, 1);
    const first = await chain.decide(
      valid([purchase('p1', 0), uninstall('u1', 1, 'ws-1'), uninstall('u2', 1, 'ws-2')]),
      100,
    );
    expect(first.decided.stored.map((s) => [s.eventId, s.outcome])).toEqual([
      ['p1', 'applied'],
      ['u1', 'rejected'],
      ['u2', 'rejected'],
    ]);
    const again = await chain.decide(valid([uninstall('u1', 1, 'ws-1'), uninstall('u2', 1, 'ws-2')]), 100);
    // u1's id was kept: a repeat. u2's was not: it is decided (and would be written) again, at version 4; the
    // store's write of it then fails on the id stored at version 3 and the careful path finds the repeat.
    expect(again.repeats).toBe(1);
    expect(again.written.map((v) => v.event.id)).toEqual(['u2']);
    expect(again.decided.stored).toEqual([expect.objectContaining({ version: 4, eventId: 'u2', outcome: 'rejected' })]);
    expect(chain.version).toBe(4);
  });

  test('R-L5: a repeat of an applied event is a repeat whatever the ids kept', async () => {
    const chain = new DecisionChain(emptyLedger(), 0, 0);
    await chain.decide(valid([purchase('p1', 0)]), 100);
    const again = await chain.decide(valid([purchase('p1', 0)]), 100);
    expect([again.repeats, again.written.length, chain.version]).toEqual([1, 0, 1]);
  });
});
