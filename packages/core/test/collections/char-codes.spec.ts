import fc from 'fast-check';
import { MAX_ARGUMENT_CODES, stringOfCodes } from '../../src/collections/char-codes';

describe('stringOfCodes', () => {
  test('is the string of the codes from a start, at every length up to its limit, from bytes or UTF-16 code units', () => {
    const at = fc.nat({ max: 5 });
    const length = fc.integer({ min: 0, max: MAX_ARGUMENT_CODES });
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 22, maxLength: 22 }),
        at,
        length,
        (codes, s, n) => {
          const units = Uint16Array.from(codes);
          const bytes = Uint8Array.from(codes, (c) => c & 0x7f);
          expect(stringOfCodes(units, s, n)).toBe(String.fromCharCode(...units.subarray(s, s + n)));
          expect(stringOfCodes(bytes, s, n)).toBe(String.fromCharCode(...bytes.subarray(s, s + n)));
        },
      ),
    );
    // Every length, each code in its place.
    const codes = Uint16Array.from({ length: MAX_ARGUMENT_CODES + 2 }, (_, k) => 0x41 + k);
    for (let n = 0; n <= MAX_ARGUMENT_CODES; n++)
      expect(stringOfCodes(codes, 1, n)).toBe(String.fromCharCode(...codes.subarray(1, 1 + n)));
  });
});
