/**
 * An append-only history shared between versions: appending is O(1) and never
 * copies, so a license or machine can gather any number of entries during replay.
 *
 * @since 0.1.0
 */

/**
 * An append-only list shared between versions, as licenses and machines hold their changes; `historyToArray` reads it oldest first.
 *
 * @since 0.1.0
 */
export interface History<T> {
  readonly length: number;
  readonly last: T | undefined;
  /** @internal */
  readonly previous: History<T> | null;
}

const EMPTY: History<never> = Object.freeze({ length: 0, last: undefined, previous: null });

/**
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyHistory } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(emptyHistory<string>().length, 0)
 */
export const emptyHistory = <T>(): History<T> => EMPTY;

/**
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { appendHistory, emptyHistory } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(appendHistory(emptyHistory<number>(), 1).last, 1)
 */
export const appendHistory = <T>(history: History<T>, entry: T): History<T> =>
  Object.freeze({ length: history.length + 1, last: entry, previous: history });

/**
 * Oldest first.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { historyToArray } from '@license-ledger/core'
 * import { appendHistory, emptyHistory } from '@license-ledger/core/internal'
 * assert.deepStrictEqual(historyToArray(appendHistory(appendHistory(emptyHistory<string>(), 'a'), 'b')), ['a', 'b'])
 */
export const historyToArray = <T>(history: History<T>): T[] => {
  const out = new Array<T>(history.length);
  let at: History<T> | null = history;
  for (let i = history.length - 1; i >= 0 && at !== null; i--) {
    out[i] = at.last as T;
    at = at.previous;
  }
  return out;
};
