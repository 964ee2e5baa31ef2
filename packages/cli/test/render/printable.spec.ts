import fc from 'fast-check';
import { printable } from '../../src/render/printable';

describe('printable', () => {
  test('hostile input (issue 10): line breaks, terminal escapes, C1 controls and bidi overrides are escaped', () => {
    expect(printable('ws-1\r\nAgent: live')).toBe('ws-1\\r\\nAgent: live');
    expect(printable('\u001b[2J\u001b]0;owned\u0007')).toBe('\\x1b[2J\\x1b]0;owned\\x07');
    expect(printable('a\u009bb\u2028c\u202ed\u0000')).toBe('a\\x9bb\\u2028c\\u202ed\\x00');
    expect(printable('acme-kes#3 é € 😀')).toBe('acme-kes#3 é € 😀');
  });

  test(`whatever the text, the result has no control character and is unchanged by a second pass`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const shown = printable(text);
        const unprintable = [...shown].some((c) => {
          const code = c.charCodeAt(0);
          return (
            code < 0x20 ||
            (code >= 0x7f && code < 0xa0) ||
            code === 0x2028 ||
            code === 0x2029 ||
            (code >= 0x202a && code <= 0x202e) ||
            (code >= 0x2066 && code <= 0x2069)
          );
        });
        return !unprintable && printable(shown) === shown;
      }),
    );
  });
});
