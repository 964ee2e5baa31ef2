import { historyToArray } from '../../src/index';
import { appendHistory, emptyHistory } from '../../src/internal';

describe('appendHistory', () => {
  test('appends without changing earlier versions', () => {
    const one = appendHistory(emptyHistory<string>(), 'a');
    const two = appendHistory(one, 'b');
    const other = appendHistory(one, 'c');
    expect(historyToArray(one)).toEqual(['a']);
    expect(historyToArray(two)).toEqual(['a', 'b']);
    expect(historyToArray(other)).toEqual(['a', 'c']);
    expect(Object.isFrozen(two)).toBe(true);
  });
});
