/** A JSON object (not null, not an array): what every event and nested record must be. */
export const isRecord = (u: unknown): u is Record<string, unknown> =>
  typeof u === 'object' && u !== null && !Array.isArray(u);

/** An own key only: a `__proto__` or `constructor` lookup never reaches Object.prototype. */
export const hasOwn = (u: Record<string, unknown>, key: string): boolean =>
  Object.prototype.hasOwnProperty.call(u, key);
