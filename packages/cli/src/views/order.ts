/**
 * Sorting for output. Ids are compared by UTF-16 code units, never with
 * `localeCompare`, so the order does not depend on the machine's locale (R-L6).
 *
 * @since 0.1.0
 */

/**
 * A comparator by a string key.
 *
 * @since 0.1.0
 * @example ['b', 'a'].sort(byKey((s) => s)) // ['a', 'b']
 */
export const byKey =
  <T>(key: (item: T) => string) =>
  (a: T, b: T): number => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  };
