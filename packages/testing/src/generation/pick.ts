/** The `n`-th item, wrapping around; undefined when there is none. A command's index resolved against what exists. */
export const pick = <T>(items: readonly T[], n: number): T | undefined =>
  items.length === 0 ? undefined : items[n % items.length];
