/**
 * The order of ids in every sorted output: by UTF-16 code units, never by
 * `localeCompare`, so it does not depend on the machine's locale (R-L6).
 *
 * @since 0.1.0
 * @example ['b', 'a', 'B'].sort(compareIds) // ['B', 'a', 'b']
 */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A comparator of records by one of their ids, in {@link compareIds} order.
 *
 * @since 0.1.0
 * @example listPools(state).sort(byId((pool) => pool.poolId))
 */
export const byId =
  <T>(id: (item: T) => string) =>
  (a: T, b: T): number =>
    compareIds(id(a), id(b));
