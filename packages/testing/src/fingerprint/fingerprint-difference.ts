/**
 * Where two fingerprints (or any two strings) first differ, as a short excerpt of
 * each around that point; null when they are equal. For readable failure messages.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { fingerprintDifference } from '@license-ledger/testing'
 * assert.deepStrictEqual(fingerprintDifference('{"a":1}', '{"a":2}'), 'at 5: …{"a":1}… vs …{"a":2}…')
 */
export const fingerprintDifference = (expected: string, actual: string, context = 60): string | null => {
  if (expected === actual) return null;
  let at = 0;
  while (at < expected.length && at < actual.length && expected[at] === actual[at]) at++;
  const excerpt = (text: string): string => `…${text.slice(Math.max(0, at - context), at + context)}…`;
  return `at ${at}: ${excerpt(expected)} vs ${excerpt(actual)}`;
};
