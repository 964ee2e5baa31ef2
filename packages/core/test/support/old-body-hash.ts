// The R-L5 body hash the ledger used before its digests (53 bits, unkeyed): kept only to build
// two bodies it takes for one (issue F4). A verbatim copy of the old ledger/body-hash.ts.
/**
 * A 53-bit hash of an event's body, to tell an exact repeat from a different
 * event reusing an id (R-L5). The order a line (or a hand-built event) lists its
 * keys in does not matter: each key-value pair is hashed on its own and an
 * object's pairs are summed, so no key list is sorted per event (a third of the
 * hash's cost when it sorted). Two independent 32-bit FNV-1a lanes make a
 * collision, which would skip a different body as a repeat, a 1-in-2^53 event
 * rather than 1-in-2^32. It walks values directly rather than building a JSON
 * string per event.
 */

const PRIME = 0x01000193;
const SEED_A = 0x811c9dc5;
const SEED_B = 0x050c5d1f;

/** Murmur3's finalizer: spreads a lane before pairs are summed, so sums do not cancel by structure. */
const spread = (h: number): number => {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
};

class Lanes {
  a = SEED_A;
  b = SEED_B;

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
        this.object(v as Record<string, unknown>);
        return;
      default:
        this.byte(0x75);
    }
  }

  /** Each own key-value pair hashed from the seeds, the pairs summed: the same for any key order. */
  private object(v: Record<string, unknown>): void {
    const outerA = this.a;
    const outerB = this.b;
    let sumA = 0;
    let sumB = 0;
    const keys = Object.keys(v);
    for (const key of keys) {
      this.a = SEED_A;
      this.b = SEED_B;
      this.text(key);
      this.value(v[key]);
      sumA = (sumA + spread(this.a)) | 0;
      sumB = (sumB + spread(this.b)) | 0;
    }
    this.a = outerA;
    this.b = outerB;
    this.byte(0x7b);
    this.byte(sumA);
    this.byte(sumA >>> 16);
    this.byte(sumB);
    this.byte(sumB >>> 16);
    this.byte(keys.length);
    this.byte(0x7d);
  }
}

export const oldBodyHash = (event: object): number => {
  const lanes = new Lanes();
  lanes.value(event);
  return (lanes.a >>> 0) * 0x200000 + ((lanes.b >>> 0) & 0x1fffff);
};
