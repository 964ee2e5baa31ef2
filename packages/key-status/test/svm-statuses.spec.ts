import * as E from 'fp-ts/Either';
import { emptyLedger } from '@license-ledger/core';
import { keyStatus } from '../src/index';
import { svmStatuses } from '../src/svm-statuses';
import { activated, at, key, plusDays, registered, reserveAdded, stateOf, T0 } from './fixtures';

describe('svmStatuses', () => {
  test('docs/report-json.md: the example SVM: a licensed server slot with its reserve, and a type-mismatch task error (R-K4)', () => {
    const errorAt = at('2025-11-02T10:00:00Z');
    const state = stateOf([
      registered('r1', T0, 'svm-1', 'c1'),
      activated('a1', T0, 'svm-1', key('K-A')),
      reserveAdded('k1', at('2025-11-01T10:00:00Z'), { svmId: 'svm-1' }, key('K-B')),
      reserveAdded('k2', errorAt, { svmId: 'svm-1' }, key('K-C', { type: 'desktop' })),
    ]);
    expect(svmStatuses(state)).toEqual([
      {
        svmId: 'svm-1',
        clusterId: 'c1',
        slots: [
          {
            type: 'server',
            status: 'licensed',
            active: { keyId: 'K-A', endsAt: at('2026-01-01T00:00:00Z') },
            reserve: { keyId: 'K-B' },
          },
        ],
        taskErrors: [{ at: errorAt, keyId: 'K-C', reason: 'type-mismatch' }],
      },
    ]);
  });

  test('docs/report-json.md: SVMs are sorted by id whatever their registration order, slots by type (R-K2)', () => {
    const state = stateOf([
      registered('r1', T0, 'svm-b', 'c1'),
      registered('r2', T0, 'svm-a', 'c2'),
      registered('r3', T0, 'svm-10', 'c1'),
      activated('a1', T0, 'svm-a', key('K-S')),
      activated('a2', T0, 'svm-a', key('K-D', { type: 'desktop' })),
    ]);
    const statuses = svmStatuses(state);
    expect(statuses.map((s) => s.svmId)).toEqual(['svm-10', 'svm-a', 'svm-b']);
    expect(statuses[1]?.slots.map((s) => [s.type, s.active?.keyId])).toEqual([
      ['desktop', 'K-D'],
      ['server', 'K-S'],
    ]);
    expect(statuses[0]?.slots).toEqual([]);
  });

  test('R-K4: each SVM of a cluster target has its own task errors, oldest first, and the others none', () => {
    const state = stateOf([
      registered('r1', T0, 'svm-1', 'c1'),
      registered('r2', T0, 'svm-2', 'c1'),
      registered('r3', T0, 'svm-3', 'c2'),
      activated('a1', T0, 'svm-1', key('K-A', { subscription: true })),
      reserveAdded('k1', plusDays(T0, 1), { clusterId: 'c1' }, key('K-B')),
      reserveAdded('k2', plusDays(T0, 2), { clusterId: 'c1' }, key('K-C', { trial: true })),
    ]);
    expect(svmStatuses(state).map((s) => [s.svmId, s.taskErrors.map((e) => `${e.keyId}:${e.reason}`)])).toEqual([
      ['svm-1', ['K-B:subscription', 'K-C:subscription']],
      ['svm-2', ['K-B:no-active-key', 'K-C:no-active-key']],
      ['svm-3', []],
    ]);
  });

  test('R-K3: after a switch to the cores scheme only the cores slot is shown', () => {
    const state = stateOf([
      registered('r1', T0, 'svm-1', 'c1'),
      activated('a1', T0, 'svm-1', key('K-S')),
      activated('a2', T0, 'svm-1', key('K-D', { type: 'desktop' })),
      activated('a3', plusDays(T0, 5), 'svm-1', key('K-C', { type: 'cores' })),
    ]);
    expect(svmStatuses(state)[0]?.slots.map((s) => s.type)).toEqual(['cores']);
  });

  test('an SVM registered again shows its new cluster', () => {
    const state = stateOf([registered('r1', T0, 'svm-1', 'c1'), registered('r2', plusDays(T0, 1), 'svm-1', 'c2')]);
    expect(svmStatuses(state)[0]?.clusterId).toBe('c2');
  });

  test('an empty ledger has no SVM', () => {
    expect(svmStatuses(emptyLedger())).toEqual([]);
  });
});

describe('keyStatus', () => {
  test('R-K2: one SVM at the clock is the same row svmStatuses lists for it', () => {
    const state = stateOf([registered('r1', T0, 'svm-1', 'c1'), activated('a1', T0, 'svm-1', key('K-A'))]);
    expect(keyStatus('svm-1')(state)).toEqual(E.right(svmStatuses(state)[0]));
  });

  test('an SVM never registered is a Left naming it (unknown-svm), not undefined', () => {
    const result = keyStatus('svm-9')(stateOf([registered('r1', T0, 'svm-1', 'c1')]));
    expect(result).toEqual(E.left({ kind: 'unknown-svm', svmId: 'svm-9', message: 'no SVM "svm-9" was registered' }));
  });
});
