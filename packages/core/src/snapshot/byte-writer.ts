/**
 * The primitives a snapshot body is written with: unsigned and signed varints,
 * 64-bit floats, strings in full, and symbols (strings of small sets, interned:
 * one written before is a back-reference of a byte or two). See docs/snapshots.md.
 */
/** Integers written with a sign stay below this in size, so their zigzag form is a safe integer. */
const LIMIT = 2 ** 52;

const encoder = new TextEncoder();

/** Bytes {@link ByteWriter.countAhead} keeps for a count: a uint of up to 35 bits. */
const COUNT_BYTES = 5;

/** Strings longer than this are encoded by the platform's encoder, shorter ones copied by a loop (faster for them, measured). */
const SHORT = 24;

export class ByteWriter {
  private bytes: Uint8Array<ArrayBuffer>;
  private view: DataView;

  /** `capacity`: the bytes to start with (it doubles whenever more are needed). */
  constructor(capacity = 1 << 16) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
    this.view = new DataView(this.bytes.buffer);
  }

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
    if (value >= 0x1000_0000) {
      const high = Math.floor(value / 0x1000_0000);
      this.wide(value - high * 0x1000_0000, high);
      return;
    }
    this.room(8);
    const bytes = this.bytes;
    let at = this.at;
    let v = value;
    while (v >= 0x80) {
      bytes[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    bytes[at++] = v;
    this.at = at;
  }

  /**
   * The uint `high × 2^28 + low` (`low` below 2^28): the low 28 bits in four
   * bytes, then the rest. Given in two parts that are small integers, so that
   * an integer above 2^31 (an instant's zigzag form) is never passed to a call
   * as a number of its own: each such call made one on the heap (2.5 MB of
   * garbage per write of the bench state).
   */
  private wide(low: number, high: number): void {
    // `high` is below 2^25 (the number below 2^53): eight bytes in all, as for any uint.
    this.room(8);
    const bytes = this.bytes;
    let at = this.at;
    bytes[at] = (low & 0x7f) | 0x80;
    bytes[at + 1] = ((low >>> 7) & 0x7f) | 0x80;
    bytes[at + 2] = ((low >>> 14) & 0x7f) | 0x80;
    bytes[at + 3] = ((low >>> 21) & 0x7f) | 0x80;
    at += 4;
    let v = high;
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
    const z = value < 0 ? -value * 2 - 1 : value * 2;
    // Split here, not in a call taking `z` whole (see `wide`).
    if (z < 0x1000_0000) this.uint(z);
    else {
      const high = Math.floor(z / 0x1000_0000);
      this.wide(z - high * 0x1000_0000, high);
    }
  }

  /** An integer below 2^52 in size, or null (0 is null). */
  optInt(value: number | null): void {
    if (value === null) {
      this.uint(0);
      return;
    }
    if (!Number.isInteger(value) || Math.abs(value) >= LIMIT)
      throw new RangeError(`not an integer a snapshot can hold: ${value}`);
    const z = value < 0 ? -value * 2 : value * 2 + 1;
    if (z < 0x1000_0000) this.uint(z);
    else {
      const high = Math.floor(z / 0x1000_0000);
      this.wide(z - high * 0x1000_0000, high);
    }
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
    if (n <= SHORT) {
      // The usual case, a short string (its length takes one byte): the length, then its characters copied in one
      // pass while checking they are ASCII; anything else is written again, encoded.
      this.room(1 + n);
      const bytes = this.bytes;
      const start = this.at;
      bytes[start] = tagged ? n * 2 : n + offset;
      let any = 0;
      for (let i = 0; i < n; i++) {
        const c = value.charCodeAt(i);
        any |= c;
        bytes[start + 1 + i] = c;
      }
      if (any < 0x80) {
        this.at = start + 1 + n;
        return;
      }
    }
    this.encoded(value, tagged, offset);
  }

  /**
   * A longer string, or one outside ASCII, encoded in place by the platform's
   * encoder (faster than a loop over its characters beyond a few dozen; a
   * string built by joining others is read once): the bytes go after a one-byte
   * length, and move up in the rare case the length takes more.
   */
  private encoded(value: string, tagged: boolean, offset: number): void {
    const most = value.length * 3;
    this.room(8 + most);
    const mark = this.at;
    const { written } = encoder.encodeInto(value, this.bytes.subarray(mark + 1, mark + 1 + most));
    const length = tagged ? written * 2 : written + offset;
    if (length < 0x80) {
      this.bytes[mark] = length;
      this.at = mark + 1 + written;
      return;
    }
    let prefix = 1;
    for (let v = length; v >= 0x80; v = Math.floor(v / 0x80)) prefix += 1;
    this.bytes.copyWithin(mark + prefix, mark + 1, mark + 1 + written);
    this.uint(length);
    this.at += written;
  }

  /** Bytes as they are. */
  raw(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.bytes.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** `n` numbers of `values` from index `at`, two bytes each, little-endian. */
  u16s(values: Uint16Array, at: number, n: number): void {
    this.room(2 * n);
    const bytes = this.bytes;
    let to = this.at;
    for (let i = 0; i < n; i++, to += 2) {
      const v = values[at + i] as number;
      bytes[to] = v & 0xff;
      bytes[to + 1] = v >>> 8;
    }
    this.at = to;
  }

  /**
   * Room for a count that is known only after the records it counts are written:
   * returns the mark {@link countAt} is given with the count.
   */
  countAhead(): number {
    this.room(COUNT_BYTES);
    const mark = this.at;
    this.at += COUNT_BYTES;
    return mark;
  }

  /**
   * Writes `count` as a uint at `mark` (from {@link countAhead}) and moves what was
   * written since to follow it: the bytes are those of the count written first.
   */
  countAt(mark: number, count: number): void {
    if (!Number.isInteger(count) || count < 0 || count >= 2 ** (7 * COUNT_BYTES))
      throw new RangeError(`not a count a snapshot can hold: ${count}`);
    const end = this.at;
    const from = mark + COUNT_BYTES;
    this.at = mark;
    this.uint(count);
    if (this.at < from) this.bytes.copyWithin(this.at, from, end);
    this.at += end - from;
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
  written(): Uint8Array<ArrayBuffer> {
    return this.bytes.subarray(0, this.at);
  }

  /** Bytes written so far in a buffer of about their size: the writer's own when it is nearly full, else a copy. */
  finished(): Uint8Array<ArrayBuffer> {
    const used = this.bytes.subarray(0, this.at);
    return this.bytes.length - this.at <= this.at >>> 3 ? used : used.slice();
  }
}
