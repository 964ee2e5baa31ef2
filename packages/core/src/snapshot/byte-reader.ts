import { MAX_ARGUMENT_CODES, stringOfCodes } from '../collections/char-codes';

/** Raised by {@link ByteReader} when the body does not hold what its reader expects. */
export class MalformedBody extends Error {}

const decoder = new TextDecoder('utf-8', { fatal: true });

/** Strings up to this many bytes are made from their codes; longer ones by the decoder, which is faster for them (measured). */
const SHORT = 24;

/** Reads what a `ByteWriter` wrote; every read is bounds-checked and throws {@link MalformedBody} past the end. */
export class ByteReader {
  private at = 0;
  private readonly view: DataView;
  private readonly symbols: string[] = [];
  /** Scratch for {@link utf8}: one array per length, so no string read resizes one (resizing measured dearer than the copy). */
  private readonly codes: number[][] = Array.from({ length: SHORT + 1 }, (_, n) => new Array<number>(n).fill(0));

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Bytes read so far. */
  get offset(): number {
    return this.at;
  }

  /** Whether every byte has been read. */
  get done(): boolean {
    return this.at === this.bytes.length;
  }

  private fail(what: string): never {
    throw new MalformedBody(`${what} at byte ${this.at}`);
  }

  /** Reads a section's tag and length (see `ByteWriter.beginSection`); returns where the section ends. */
  beginSection(tag: number): number {
    const found = this.uint();
    if (found !== tag) this.fail(`section ${found} where section ${tag} belongs`);
    if (this.at + 4 > this.bytes.length) this.fail('a section length cut short');
    const length = this.view.getUint32(this.at, true);
    this.at += 4;
    if (this.at + length > this.bytes.length)
      this.fail(`a section of ${length} bytes with ${this.bytes.length - this.at} left`);
    return this.at + length;
  }

  /** Checks a section was read to its very end. */
  endSection(end: number): void {
    if (this.at !== end) this.fail(`a section read to byte ${this.at} that ends at byte ${end}`);
  }

  /** Jumps to `end` (a section's end) unread: for counting sections only, since later strings may refer back into it. */
  skipTo(end: number): void {
    this.at = end;
  }

  uint(): number {
    const low = this.low28();
    return this.high === 0 ? low : this.high * 0x1000_0000 + low;
  }

  /**
   * The bits of the last number read from the 29th on (that number ÷ 2^28,
   * rounded down): a small integer, so that a number above 2^31 (an instant's
   * zigzag form) is never returned from a call whole, which made one on the
   * heap each time (garbage for every instant read).
   */
  private high = 0;

  /** Reads a uint: returns its low 28 bits, and leaves the rest in `high`. */
  private low28(): number {
    const bytes = this.bytes;
    let at = this.at;
    // Up to four bytes (28 bits) with integer arithmetic, then up to four more into `high`.
    let result = 0;
    for (let shift = 0; shift < 28; shift += 7) {
      if (at >= bytes.length) this.fail('a number cut short');
      const b = bytes[at++] as number;
      result |= (b & 0x7f) << shift;
      if (b < 0x80) {
        this.at = at;
        this.high = 0;
        return result;
      }
    }
    let high = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 21) this.fail('a number too large');
      if (at >= bytes.length) this.fail('a number cut short');
      const b = bytes[at++] as number;
      high |= (b & 0x7f) << shift;
      if (b < 0x80) break;
    }
    this.at = at;
    this.high = high;
    return result;
  }

  int(): number {
    const low = this.low28();
    const v = this.high * 0x1000_0000 + low;
    return v % 2 === 1 ? -(v + 1) / 2 : v / 2;
  }

  optInt(): number | null {
    const low = this.low28();
    const v = this.high * 0x1000_0000 + low;
    if (v === 0) return null;
    return v % 2 === 1 ? (v - 1) / 2 : -v / 2;
  }

  bool(): boolean {
    if (this.at >= this.bytes.length) this.fail('a flag cut short');
    const b = this.bytes[this.at++];
    if (b !== 0 && b !== 1) this.fail(`a flag of ${b}`);
    return b === 1;
  }

  u16(): number {
    if (this.at + 2 > this.bytes.length) this.fail('a number cut short');
    const v = (this.bytes[this.at] as number) | ((this.bytes[this.at + 1] as number) << 8);
    this.at += 2;
    return v;
  }

  f64(): number {
    if (this.at + 8 > this.bytes.length) this.fail('a number cut short');
    const v = this.view.getFloat64(this.at, true);
    this.at += 8;
    return v;
  }

  sym(): string {
    const tag = this.uint();
    if (tag % 2 === 1) {
      const known = this.symbols[(tag - 1) / 2];
      if (known === undefined) this.fail(`a reference to symbol ${(tag - 1) / 2} of ${this.symbols.length}`);
      return known;
    }
    const value = this.utf8(tag / 2);
    this.symbols.push(value);
    return value;
  }

  optSym(): string | null {
    const present = this.uint();
    if (present === 0) return null;
    if (present !== 1) this.fail(`a symbol presence tag of ${present}`);
    return this.sym();
  }

  text(): string {
    return this.utf8(this.uint());
  }

  optText(): string | null {
    const length = this.uint();
    return length === 0 ? null : this.utf8(length - 1);
  }

  /** A count of items that follow, each at least one byte: a count beyond the bytes left is refused before any allocation. */
  count(): number {
    const n = this.uint();
    if (n > this.bytes.length - this.at) this.fail(`a count of ${n} with ${this.bytes.length - this.at} bytes left`);
    return n;
  }

  /** The next `n` bytes, as a view (not a copy). */
  take(n: number): Uint8Array {
    const start = this.at;
    if (start + n > this.bytes.length) this.fail(`${n} bytes with ${this.bytes.length - start} left`);
    this.at = start + n;
    return this.bytes.subarray(start, start + n);
  }

  /** The next `n` bytes, or as many as are left, as a view, without reading them. */
  ahead(n: number): Uint8Array {
    return this.bytes.subarray(this.at, Math.min(this.bytes.length, this.at + n));
  }

  /** Bytes as UTF-8 text; ones that are not UTF-8 are refused. */
  decodeUtf8(bytes: Uint8Array): string {
    try {
      return decoder.decode(bytes);
    } catch {
      return this.fail('a string that is not UTF-8');
    }
  }

  private utf8(length: number): string {
    const bytes = this.bytes;
    const start = this.at;
    const end = start + length;
    if (end > bytes.length) this.fail('a string cut short');
    this.at = end;
    if (length > SHORT) return this.decode(start, end);
    let any = 0;
    for (let i = start; i < end; i++) any |= bytes[i] as number;
    if (any >= 0x80) return this.decode(start, end);
    if (length <= MAX_ARGUMENT_CODES) return stringOfCodes(bytes, start, length);
    // Short ASCII (ids): one string made from the codes, no decoder call and no string per character.
    const codes = this.codes[length] as number[];
    for (let i = 0; i < length; i++) codes[i] = bytes[start + i] as number;
    return String.fromCharCode.apply(null, codes);
  }

  private decode(start: number, end: number): string {
    return this.decodeUtf8(this.bytes.subarray(start, end));
  }
}
