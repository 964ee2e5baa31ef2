import * as E from 'fp-ts/Either';
import { pipe } from 'fp-ts/function';
import { advanceTo, emptyLedger, addExactDays, instant } from '@license-ledger/core';
import { keyStatusAt } from '../src/index';
import { svmStatuses } from '../src/svm-statuses';
import { eventBuilder, instantOf, licenseKey, replayedClean, T0 } from '@license-ledger/testing';

const e = eventBuilder();

const END = instantOf('2026-01-01T00:00:00Z');
const state = replayedClean([
  e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
  e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A') }),
  e('ReserveKeyAdded', addExactDays(T0, 300), { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { termDays: 30 }) }),
]);

const slotAt = (when: number) => {
  const statuses = pipe(state, keyStatusAt(when as typeof END));
  if (E.isLeft(statuses)) throw new Error(statuses.left.message);
  return statuses.right[0]?.slots[0];
};

describe('keyStatusAt', () => {
  test('R-K5, R-T4: one millisecond before the term ends the old key is active and the reserve waits', () => {
    expect(slotAt(END - 1)).toEqual({
      type: 'server',
      status: 'licensed',
      active: { keyId: 'K-A', endsAt: END },
      reserve: { keyId: 'K-B' },
    });
  });

  test('R-K5, R-T4: at the end instant the reserve key is active with its own term, and no reserve is left', () => {
    expect(slotAt(END)).toEqual({
      type: 'server',
      status: 'licensed',
      active: { keyId: 'K-B', endsAt: addExactDays(END, 30) },
      reserve: null,
    });
  });

  test('R-K5: when the reserve’s own term has ended too, the slot is unlicensed', () => {
    expect(slotAt(addExactDays(END, 30))?.status).toBe('unlicensed');
    expect(slotAt(instant(addExactDays(END, 30) - 1))?.status).toBe('licensed');
  });

  test('R-T4: it is svmStatuses of the state advanced to the instant, and leaves the given state as it was', () => {
    const advanced = advanceTo(END)(state);
    expect(pipe(state, keyStatusAt(END))).toEqual(E.map(svmStatuses)(advanced));
    expect(svmStatuses(state)[0]?.slots[0]?.active?.keyId).toBe('K-A');
  });

  test('an instant before the state’s clock is a Left naming it, not a guess at the past', () => {
    const result = pipe(state, keyStatusAt(T0));
    expect(E.isLeft(result) && result.left.kind).toBe('before-clock');
    expect(E.isLeft(result) && result.left.message).toContain('before the ledger');
  });

  test('an empty ledger has no SVM at any instant', () => {
    expect(pipe(emptyLedger(), keyStatusAt(END))).toEqual(E.right([]));
  });
});
