import { advanceTo, instant } from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import { around, dueInstants } from '../../src/generation/due-instants';
import { at, ev } from '../support/fixtures';
import { replayed } from '../support/ledger';

describe('dueInstants', () => {
  test('R-T4: lists changes that happened without an event and those still due', () => {
    const state = replayed([
      ev.purchase('2025-01-01T00:00:00Z', 'kes', 'KES', 2, 30),
      ev.kes('2025-01-02T00:00:00Z', 'kes', 'ws-1'),
      ev.kes('2025-01-20T00:00:00Z', 'kes', 'ws-2'),
    ]);
    const later = advanceTo(at('2025-02-05T00:00:00Z'))(state);
    expect(E.isRight(later) ? dueInstants(later.right) : []).toEqual([
      at('2025-02-01T00:00:00Z'),
      at('2025-02-19T00:00:00Z'),
    ]);
  });
});

describe('around', () => {
  test('gives just before, at and just after each instant', () => {
    expect(around([instant(10)])).toEqual([9, 10, 11]);
  });
});
