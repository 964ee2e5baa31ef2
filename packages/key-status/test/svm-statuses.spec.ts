import * as E from 'fp-ts/Either';
import { emptyLedger, addExactDays } from '@license-ledger/core';
import { keyStatus } from '../src/index';
import { svmStatuses } from '../src/svm-statuses';
import { eventBuilder, instantOf, licenseKey, replayedClean, T0 } from '@license-ledger/testing';

const e = eventBuilder();

describe('svmStatuses', () => {
  test('docs/report-json.md: the example SVM: a licensed server slot with its reserve, and a type-mismatch task error (R-K4)', () => {
    const errorAt = instantOf('2025-11-02T10:00:00Z');
    const state = replayedClean([
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A') }),
      e('ReserveKeyAdded', instantOf('2025-11-01T10:00:00Z'), { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }),
      e('ReserveKeyAdded', errorAt, { target: { svmId: 'svm-1' }, key: licenseKey('K-C', { type: 'desktop' }) }),
    ]);
    expect(svmStatuses(state)).toEqual([
      {
        svmId: 'svm-1',
        clusterId: 'c1',
        slots: [
          {
            type: 'server',
            status: 'licensed',
            active: { keyId: 'K-A', endsAt: instantOf('2026-01-01T00:00:00Z') },
            reserve: { keyId: 'K-B' },
          },
        ],
        taskErrors: [{ at: errorAt, keyId: 'K-C', reason: 'type-mismatch' }],
      },
    ]);
  });

  test('docs/report-json.md: SVMs are sorted by id whatever their registration order, slots by type (R-K2)', () => {
    const state = replayedClean([
      e('SvmRegistered', T0, { svmId: 'svm-b', clusterId: 'c1' }),
      e('SvmRegistered', T0, { svmId: 'svm-a', clusterId: 'c2' }),
      e('SvmRegistered', T0, { svmId: 'svm-10', clusterId: 'c1' }),
      e('KeyActivated', T0, { svmId: 'svm-a', key: licenseKey('K-S') }),
      e('KeyActivated', T0, { svmId: 'svm-a', key: licenseKey('K-D', { type: 'desktop' }) }),
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
    const state = replayedClean([
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
      e('SvmRegistered', T0, { svmId: 'svm-2', clusterId: 'c1' }),
      e('SvmRegistered', T0, { svmId: 'svm-3', clusterId: 'c2' }),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A', { subscription: true }) }),
      e('ReserveKeyAdded', addExactDays(T0, 1), { target: { clusterId: 'c1' }, key: licenseKey('K-B') }),
      e('ReserveKeyAdded', addExactDays(T0, 2), {
        target: { clusterId: 'c1' },
        key: licenseKey('K-C', { trial: true }),
      }),
    ]);
    expect(svmStatuses(state).map((s) => [s.svmId, s.taskErrors.map((e) => `${e.keyId}:${e.reason}`)])).toEqual([
      ['svm-1', ['K-B:subscription', 'K-C:subscription']],
      ['svm-2', ['K-B:no-active-key', 'K-C:no-active-key']],
      ['svm-3', []],
    ]);
  });

  test('R-K3: after a switch to the cores scheme only the cores slot is shown', () => {
    const state = replayedClean([
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-S') }),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-D', { type: 'desktop' }) }),
      e('KeyActivated', addExactDays(T0, 5), { svmId: 'svm-1', key: licenseKey('K-C', { type: 'cores' }) }),
    ]);
    expect(svmStatuses(state)[0]?.slots.map((s) => s.type)).toEqual(['cores']);
  });

  test('an SVM registered again shows its new cluster', () => {
    const state = replayedClean([
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
      e('SvmRegistered', addExactDays(T0, 1), { svmId: 'svm-1', clusterId: 'c2' }),
    ]);
    expect(svmStatuses(state)[0]?.clusterId).toBe('c2');
  });

  test('an empty ledger has no SVM', () => {
    expect(svmStatuses(emptyLedger())).toEqual([]);
  });
});

describe('keyStatus', () => {
  test('R-K2: one SVM at the clock is the same row svmStatuses lists for it', () => {
    const state = replayedClean([
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A') }),
    ]);
    expect(keyStatus('svm-1')(state)).toEqual(E.right(svmStatuses(state)[0]));
  });

  test('an SVM never registered is a Left naming it (unknown-svm), not undefined', () => {
    const result = keyStatus('svm-9')(replayedClean([e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' })]));
    expect(result).toEqual(E.left({ kind: 'unknown-svm', svmId: 'svm-9', message: 'no SVM "svm-9" was registered' }));
  });
});
