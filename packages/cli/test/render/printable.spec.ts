import fc from 'fast-check';
import { printable } from '../../src/render/printable';

const seed = Number(process.env['LEDGER_SEED'] ?? 20251123);
const numRuns = Number(process.env['LEDGER_NUM_RUNS'] ?? 200);

describe('printable', () => {
  test('hostile input (issue 10): line breaks, terminal escapes, C1 controls and bidi overrides are escaped', () => {
    expect(printable('ws-1\r\nAgent: live')).toBe('ws-1\\r\\nAgent: live');
    expect(printable('\u001b[2J\u001b]0;owned\u0007')).toBe('\\x1b[2J\\x1b]0;owned\\x07');
    expect(printable('a\u009bb\u2028c\u202ed\u0000')).toBe('a\\x9bb\\u2028c\\u202ed\\x00');
    expect(printable('acme-kes#3 é € 😀')).toBe('acme-kes#3 é € 😀');
  });

  test(`whatever the text, the result has no control character and is unchanged by a second pass (seed ${seed})`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = printable(text);
        return !/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/.test(shown) && printable(shown) === shown;
      }),
      { seed, numRuns },
    );
  });
});
