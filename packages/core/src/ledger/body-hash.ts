/**
 * A 32-bit FNV-1a hash of a decoded event's body, to tell an exact repeat from a
 * different event reusing an id (R-L5). Decoding writes keys in a fixed order, so
 * equal bodies hash alike whatever the key order or spacing of their lines; it
 * walks the values directly rather than building a JSON string per event.
 */
const PRIME = 0x01000193;

const mixString = (hash: number, text: string): number => {
  let h = hash;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), PRIME);
  return Math.imul(h ^ 0xff, PRIME);
};

const mixValue = (hash: number, value: unknown): number => {
  switch (typeof value) {
    case 'string':
      return mixString(Math.imul(hash ^ 0x73, PRIME), value);
    case 'number':
      // Instants exceed 32 bits: mix the high and low halves.
      return Math.imul(Math.imul(hash ^ 0x6e ^ (value | 0), PRIME) ^ Math.floor(value / 0x100000000), PRIME);
    case 'boolean':
      return Math.imul(hash ^ (value ? 0x74 : 0x66), PRIME);
    case 'object': {
      if (value === null) return Math.imul(hash ^ 0x6c, PRIME);
      let h = Math.imul(hash ^ 0x7b, PRIME);
      for (const key of Object.keys(value)) h = mixValue(mixString(h, key), (value as Record<string, unknown>)[key]);
      return Math.imul(h ^ 0x7d, PRIME);
    }
    default:
      return Math.imul(hash ^ 0x75, PRIME);
  }
};

export const bodyHash = (event: object): number => mixValue(0x811c9dc5, event) >>> 0;
