import * as E from 'fp-ts/Either';
import { explainSvm } from '../src/index';
import { activated, key, plusDays, registered, reserveAdded, stateOf, T0 } from './fixtures';

const fleet = [
  registered('r1', T0, 'svm-1', 'c1'),
  activated('a1', T0, 'svm-1', key('K-1')),
  reserveAdded('k1', plusDays(T0, 300), { svmId: 'svm-1' }, key('K-1R')),
];

describe('explainSvm', () => {
  test('R-K1: the key status as keyStatus gives it, and every key change with its event', () => {
    const result = explainSvm('svm-1')(stateOf(fleet));
    expect(E.isRight(result)).toBe(true);
    if (E.isLeft(result)) return;
    expect(result.right.status.slots.map((slot) => [slot.type, slot.active?.keyId, slot.reserve?.keyId])).toEqual([
      ['server', 'K-1', 'K-1R'],
    ]);
    expect(result.right.history.map((change) => [change.eventId, change.keyId])).toEqual([
      ['r1', null],
      ['a1', 'K-1'],
      ['k1', 'K-1R'],
    ]);
  });

  test('an SVM never registered is the typed unknown-svm Left', () => {
    const result = explainSvm('svm-9')(stateOf(fleet));
    expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'unknown-svm', svmId: 'svm-9' });
  });
});
