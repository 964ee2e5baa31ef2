import * as E from 'fp-ts/Either';
import { addExactDays } from '@license-ledger/core';
import { eventBuilder, licenseKey, replayedClean, T0 } from '@license-ledger/testing';
import { explainSvm } from '../src/index';

const e = eventBuilder('k');
const fleet = [
  e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
  e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-1') }),
  e('ReserveKeyAdded', addExactDays(T0, 300), { target: { svmId: 'svm-1' }, key: licenseKey('K-1R') }),
];

describe('explainSvm', () => {
  test('R-K1: the key status as keyStatus gives it, and every key change with its event', () => {
    const result = explainSvm('svm-1')(replayedClean(fleet));
    expect(E.isRight(result)).toBe(true);
    if (E.isLeft(result)) return;
    expect(result.right.status.slots.map((slot) => [slot.type, slot.active?.keyId, slot.reserve?.keyId])).toEqual([
      ['server', 'K-1', 'K-1R'],
    ]);
    expect(result.right.history.map((change) => [change.eventId, change.keyId])).toEqual([
      ['k1', null],
      ['k2', 'K-1'],
      ['k3', 'K-1R'],
    ]);
  });

  test('an SVM never registered is the typed unknown-svm Left', () => {
    const result = explainSvm('svm-9')(replayedClean(fleet));
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'unknown-svm', svmId: 'svm-9' });
  });
});
