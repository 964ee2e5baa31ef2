/**
 * One text per event body whatever the order of its keys, to tell an exact
 * repeat from a different event reusing an id (R-L5).
 *
 * @since 0.1.0
 */

const write = (value: unknown, out: string[]): void => {
  if (Array.isArray(value)) {
    out.push('[');
    value.forEach((item, i) => {
      if (i > 0) out.push(',');
      write(item, out);
    });
    out.push(']');
  } else if (typeof value === 'object' && value !== null) {
    out.push('{');
    Object.keys(value)
      .sort()
      .forEach((key, i) => {
        if (i > 0) out.push(',');
        out.push(JSON.stringify(key), ':');
        write((value as Record<string, unknown>)[key], out);
      });
    out.push('}');
  } else out.push(JSON.stringify(value) ?? 'null');
};

/**
 * JSON with every object's keys sorted. Applied to decoded events, where
 * instants are epoch milliseconds, so `…T00:00:00Z` and `…T00:00:00.000Z` agree
 * as they do for the ledger.
 *
 * @since 0.1.0
 * @example canonicalJson({ b: 1, a: [true] }) // '{"a":[true],"b":1}'
 */
export const canonicalJson = (value: unknown): string => {
  const out: string[] = [];
  write(value, out);
  return out.join('');
};
