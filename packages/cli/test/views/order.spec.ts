import fc from 'fast-check';
import { byKey } from '../../src/views/order';

const seed = Number(process.env['LEDGER_SEED'] ?? 20251123);
const numRuns = Number(process.env['LEDGER_NUM_RUNS'] ?? 200);

describe('byKey', () => {
  test('R-L6: orders by UTF-16 code units, not by locale: upper case before lower, "#10" before "#9"', () => {
    expect(['b', 'a', 'B', 'p#9', 'p#10'].sort(byKey((s) => s))).toEqual(['B', 'a', 'b', 'p#10', 'p#9']);
  });

  test('R-L6: the order of a list does not depend on the order it came in', () => {
    fc.assert(
      fc.property(fc.array(fc.string()), (ids) => {
        const sorted = [...ids].sort(byKey((s) => s));
        const reversed = [...ids].reverse().sort(byKey((s) => s));
        return JSON.stringify(sorted) === JSON.stringify(reversed);
      }),
      { seed, numRuns },
    );
  });
});
