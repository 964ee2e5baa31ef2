/**
 * Text from the log made safe to print on a terminal.
 *
 * @since 0.2.0
 */

// C0 controls, DEL, C1 controls (0x9B is a one-byte CSI), the Unicode line and
// paragraph separators and the bidirectional overrides, which reorder what follows.
const UNPRINTABLE_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const ANY_UNPRINTABLE = new RegExp(`[${UNPRINTABLE_CHARS}]`);
const EVERY_UNPRINTABLE = new RegExp(`[${UNPRINTABLE_CHARS}]`, 'g');

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

const escapeOne = (c: string): string => {
  const named = NAMED[c];
  if (named !== undefined) return named;
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
};

/**
 * `text` with every control character escaped as JSON and C write them (`\n`,
 * `\r`, `\t`, `\x1b`, `\u2028`…), so an id or an echoed line from the log can
 * neither forge a line of output nor send a terminal escape sequence. Backslashes
 * are left as they are: the escapes are for reading, not for parsing back.
 *
 * @since 0.2.0
 */
export const printable = (text: string): string =>
  ANY_UNPRINTABLE.test(text) ? text.replace(EVERY_UNPRINTABLE, escapeOne) : text;
