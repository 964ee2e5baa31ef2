import { advanceTo, instant } from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import { around, dueInstants } from '../../src/generation/due-instants';
import { eventBuilder, instantOf, replayedClean } from '../../src/builders/events';

const e = eventBuilder();

describe('dueInstants', () => {
  test('R-T4: lists changes that happened without an event and those still due', () => {
    const state = replayedClean([
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2, termDays: 30 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
      e('KesInstalled', '2025-01-20T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'g-1' }),
    ]);
    const later = advanceTo(instantOf('2025-02-05T00:00:00Z'))(state);
    expect(E.isRight(later) ? dueInstants(later.right) : []).toEqual([
      instantOf('2025-02-01T00:00:00Z'),
      instantOf('2025-02-19T00:00:00Z'),
    ]);
  });
});

describe('around', () => {
  test('gives just before, at and just after each instant', () => {
    expect(around([instant(10)])).toEqual([9, 10, 11]);
  });
});
