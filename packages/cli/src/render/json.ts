/**
 * JSON output: one object, indented, ending with a newline.
 *
 * @since 0.1.0
 */

/**
 * Serializes a report or an explanation. Key order is the order in which the
 * object was built (the command builds it in the documented order) and nothing
 * in it depends on time, locale or hash order, so the same log gives the same
 * bytes (R-L6). `undefined` never appears: a missing value is `null`.
 *
 * @since 0.1.0
 * @example renderJson({ asOf: null, pools: [] }) // '{\n  "asOf": null,\n  "pools": []\n}\n'
 */
export const renderJson = (value: unknown): string =>
  `${JSON.stringify(value, (_key, v: unknown) => (v === undefined ? null : v), 2)}\n`;
