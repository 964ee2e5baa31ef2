/** `1 problem`, `2 problems`: counts in the readable reports. */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
