/**
 * The primitives a snapshot body is written with: unsigned and signed varints,
 * 64-bit floats, strings in full, and symbols (strings of small sets, interned:
 * one written before is a back-reference of a byte or two). See docs/snapshots.md.
 */
/** Integers written with a sign stay below this in size, so their zigzag form is a safe integer. */
const LIMIT = 2 ** 52;

export class ByteWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private at = 0;
  private readonly symbols = new Map<string, number>();

  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.at + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** A non-negative safe integer, 7 bits a byte (LEB128). */
  uint(value: number): void {
    this.room(8);
    const bytes = this.bytes;
    let at = this.at;
    let v = value;
    if (v >= 0x1000_0000) {
      // Above 28 bits: the low 28 in four bytes with integer arithmetic, then the rest.
      const high = Math.floor(v / 0x1000_0000);
      const low = v - high * 0x1000_0000;
      bytes[at] = (low & 0x7f) | 0x80;
      bytes[at + 1] = ((low >>> 7) & 0x7f) | 0x80;
      bytes[at + 2] = ((low >>> 14) & 0x7f) | 0x80;
      bytes[at + 3] = ((low >>> 21) & 0x7f) | 0x80;
      at += 4;
      v = high;
    }
    while (v >= 0x80) {
      bytes[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    bytes[at++] = v;
    this.at = at;
  }

  /** An integer of either sign below 2^52 in size (zigzag: 0, -1, 1, -2 … → 0, 1, 2, 3 …). */
  int(value: number): void {
    if (!Number.isInteger(value) || Math.abs(value) >= LIMIT)
      throw new RangeError(`not an integer a snapshot can hold: ${value}`);
    this.uint(value < 0 ? -value * 2 - 1 : value * 2);
  }

  /** An integer below 2^52 in size, or null (0 is null). */
  optInt(value: number | null): void {
    if (value === null) this.uint(0);
    else if (!Number.isInteger(value) || Math.abs(value) >= LIMIT)
      throw new RangeError(`not an integer a snapshot can hold: ${value}`);
    else this.uint(value < 0 ? -value * 2 : value * 2 + 1);
  }

  bool(value: boolean): void {
    this.room(1);
    this.bytes[this.at++] = value ? 1 : 0;
  }

  /** Two bytes, little-endian. */
  u16(value: number): void {
    this.room(2);
    this.bytes[this.at] = value & 0xff;
    this.bytes[this.at + 1] = (value >>> 8) & 0xff;
    this.at += 2;
  }

  f64(value: number): void {
    this.room(8);
    this.view.setFloat64(this.at, value, true);
    this.at += 8;
  }

  /**
   * A string from a small set (pool, group and cluster ids, modules, statuses,
   * rules): a reference `2 × index + 1` to one written before, or `2 × byte
   * length` followed by its UTF-8 bytes, which gives it the next index.
   */
  sym(value: string): void {
    const index = this.symbols.get(value);
    if (index !== undefined) {
      this.uint(index * 2 + 1);
      return;
    }
    this.symbols.set(value, this.symbols.size);
    this.utf8(value, true);
  }

  optSym(value: string | null): void {
    if (value === null) this.uint(0);
    else {
      this.uint(1);
      this.sym(value);
    }
  }

  /** A string written in full (event, machine and license ids, notes): its UTF-8 byte length, then the bytes. */
  text(value: string): void {
    this.utf8(value, false);
  }

  /** A string or null: 0, or its byte length + 1 and the bytes. */
  optText(value: string | null): void {
    if (value === null) this.uint(0);
    else this.utf8(value, false, 1);
  }

  private utf8(value: string, tagged: boolean, offset = 0): void {
    const n = value.length;
    let ascii = true;
    for (let i = 0; i < n; i++) {
      if (value.charCodeAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    const encoded = ascii ? null : new TextEncoder().encode(value);
    const length = encoded === null ? n : encoded.length;
    this.uint(tagged ? length * 2 : length + offset);
    this.room(length);
    if (encoded !== null) this.bytes.set(encoded, this.at);
    else for (let i = 0; i < n; i++) this.bytes[this.at + i] = value.charCodeAt(i);
    this.at += length;
  }

  /** Starts a section: its tag, then four bytes its length goes into when {@link endSection} is given the mark. */
  beginSection(tag: number): number {
    this.uint(tag);
    this.room(4);
    this.at += 4;
    return this.at;
  }

  endSection(mark: number): void {
    this.view.setUint32(mark - 4, this.at - mark, true);
  }

  /** Bytes written so far (a view, not a copy). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.at);
  }
}
