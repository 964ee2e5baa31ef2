/**
 * A 53-bit hash of an event's body, to tell an exact repeat from a different
 * event reusing an id (R-L5). Keys are visited in sorted order, so the order a
 * line (or a hand-built event) lists them in does not matter. Two independent
 * 32-bit FNV-1a lanes make a collision, which would skip a different body as a
 * repeat, a 1-in-2^53 event rather than 1-in-2^32. It walks values directly
 * rather than building a JSON string per event.
 */
const PRIME = 0x01000193;

class Lanes {
  a = 0x811c9dc5;
  b = 0x050c5d1f;

  byte(x: number): void {
    this.a = Math.imul(this.a ^ (x & 0xffff), PRIME);
    this.b = Math.imul(this.b ^ ((x * 31 + 7) & 0xffff), 0x01000197);
  }

  text(s: string): void {
    for (let i = 0; i < s.length; i++) this.byte(s.charCodeAt(i));
    this.byte(0xfffe);
  }

  value(v: unknown): void {
    switch (typeof v) {
      case 'string':
        this.byte(0x73);
        this.text(v);
        return;
      case 'number':
        // Instants exceed 32 bits: take the high and low halves.
        this.byte(0x6e);
        this.byte(v | 0);
        this.byte((v | 0) >>> 16);
        this.byte(Math.floor(v / 0x100000000));
        this.byte(Math.floor(v / 0x1000000000000));
        return;
      case 'boolean':
        this.byte(v ? 0x74 : 0x66);
        return;
      case 'object':
        if (v === null) {
          this.byte(0x6c);
          return;
        }
        this.byte(0x7b);
        for (const key of Object.keys(v).sort()) {
          this.text(key);
          this.value((v as Record<string, unknown>)[key]);
        }
        this.byte(0x7d);
        return;
      default:
        this.byte(0x75);
    }
  }
}

export const bodyHash = (event: object): number => {
  const lanes = new Lanes();
  lanes.value(event);
  return (lanes.a >>> 0) * 0x200000 + ((lanes.b >>> 0) & 0x1fffff);
};
