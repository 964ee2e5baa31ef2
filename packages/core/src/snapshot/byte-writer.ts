/**
 * The primitives a snapshot body is written with: unsigned and signed varints,
 * 64-bit floats, and strings interned in a table (a string written before is a
 * back-reference of one or two bytes). See docs/snapshots.md.
 */
/** Integers written with a sign stay below this in size, so their zigzag form is a safe integer. */
const LIMIT = 2 ** 52;

export class ByteWriter {
  private bytes = new Uint8Array(1 << 16);
  private view = new DataView(this.bytes.buffer);
  private at = 0;
  private readonly strings = new Map<string, number>();

  private room(n: number): void {
    if (this.at + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.at + n) size *= 2;
    const bigger = new Uint8Array(size);
    bigger.set(this.bytes.subarray(0, this.at));
    this.bytes = bigger;
    this.view = new DataView(bigger.buffer);
  }

  /** A non-negative safe integer, 7 bits a byte. */
  uint(value: number): void {
    this.room(8);
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.at++] = (v % 0x80) | 0x80;
      v = Math.floor(v / 0x80);
    }
    this.bytes[this.at++] = v;
  }

  /** An integer of either sign below 2^52 in size (zigzag: 0, -1, 1, -2 … → 0, 1, 2, 3 …). */
  int(value: number): void {
    if (!Number.isInteger(value) || Math.abs(value) >= LIMIT) throw new RangeError(`not an integer a snapshot can hold: ${value}`);
    this.uint(value < 0 ? -value * 2 - 1 : value * 2);
  }

  /** An integer below 2^52 in size, or null (0 is null). */
  optInt(value: number | null): void {
    if (value === null) this.uint(0);
    else if (!Number.isInteger(value) || Math.abs(value) >= LIMIT) throw new RangeError(`not an integer a snapshot can hold: ${value}`);
    else this.uint(value < 0 ? -value * 2 : value * 2 + 1);
  }

  bool(value: boolean): void {
    this.room(1);
    this.bytes[this.at++] = value ? 1 : 0;
  }

  f64(value: number): void {
    this.room(8);
    this.view.setFloat64(this.at, value, true);
    this.at += 8;
  }

  /**
   * A string: a reference `2 × index + 1` to one written before, or `2 × byte
   * length` followed by its UTF-8 bytes (which gives it the next index). Unique
   * strings (event ids) go through {@link rawStr} to keep the table small.
   */
  str(value: string): void {
    const index = this.strings.get(value);
    if (index !== undefined) {
      this.uint(index * 2 + 1);
      return;
    }
    this.strings.set(value, this.strings.size);
    this.utf8(value, true);
  }

  optStr(value: string | null): void {
    if (value === null) this.uint(0);
    else {
      this.uint(1);
      this.str(value);
    }
  }

  /** A string written in full, not entered in the table. */
  rawStr(value: string): void {
    this.utf8(value, false);
  }

  private utf8(value: string, tagged: boolean): void {
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
    this.uint(tagged ? length * 2 : length);
    this.room(length);
    if (encoded !== null) this.bytes.set(encoded, this.at);
    else for (let i = 0; i < n; i++) this.bytes[this.at + i] = value.charCodeAt(i);
    this.at += length;
  }

  /** Bytes written so far (a view, not a copy). */
  written(): Uint8Array {
    return this.bytes.subarray(0, this.at);
  }
}
