/**
 * The order of ids in every sorted output: by UTF-16 code units, never by
 * `localeCompare`, so it does not depend on the machine's locale (R-L6).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { compareIds } from '@license-ledger/core'
 * assert.deepStrictEqual(['b', 'a', 'B'].sort(compareIds), ['B', 'a', 'b'])
 */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A comparator of records by one of their ids, in {@link compareIds} order.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { byId } from '@license-ledger/core'
 * const pools = [{ poolId: 'b' }, { poolId: 'a' }, { poolId: 'B' }]
 * assert.deepStrictEqual([...pools].sort(byId((pool) => pool.poolId)).map((pool) => pool.poolId), ['B', 'a', 'b'])
 */
export const byId =
  <T>(id: (item: T) => string) =>
  (a: T, b: T): number =>
    compareIds(id(a), id(b));
