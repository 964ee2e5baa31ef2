/** Code points XML 1.0 does not allow at all, not even as references (control characters, lone surrogates, U+FFFE/U+FFFF). */
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Text (user data: pool, license, machine ids, messages) made safe for XML, SVG
 * and HTML, in element content and in quoted attributes alike: the five markup
 * characters become references, and a code point markup cannot carry at all
 * (a control character, a lone surrogate) becomes U+FFFD.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { escapeMarkup } from '@license-ledger/timeline'
 * assert.deepStrictEqual(escapeMarkup('<b>&"x"'), '&lt;b&gt;&amp;&quot;x&quot;')
 */
export const escapeMarkup = (text: string): string =>
  text.replace(NOT_XML, '\uFFFD').replace(/[&<>"']/g, (c) => ENTITIES[c] as string);
