import fc from 'fast-check';
import { byId, compareIds } from '../../src/index';

describe('compareIds', () => {
  test('R-L6: orders by UTF-16 code units, not by locale: upper case before lower, "#10" before "#9"', () => {
    expect(['b', 'a', 'B', 'p#9', 'p#10'].sort(compareIds)).toEqual(['B', 'a', 'b', 'p#10', 'p#9']);
  });

  test(`R-L6: the order of a list does not depend on the order it came in`, () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (ids) => {
        const sorted = [...ids].sort(compareIds);
        const reversed = [...ids].reverse().sort(compareIds);
        return JSON.stringify(sorted) === JSON.stringify(reversed);
      }),
    );
  });
});

describe('byId', () => {
  test('R-L6: sorts records by the id it is given, in compareIds order', () => {
    const rows = [{ poolId: 'b' }, { poolId: 'B' }, { poolId: 'a' }];
    expect(rows.sort(byId((row) => row.poolId)).map((row) => row.poolId)).toEqual(['B', 'a', 'b']);
  });
});
