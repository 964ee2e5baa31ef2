import fc from 'fast-check';
import { ByteReader } from '../../src/snapshot/byte-reader';
import { ByteWriter } from '../../src/snapshot/byte-writer';

describe('ByteWriter', () => {
  it('writes what ByteReader reads back: integers of either sign below 2^52, nulls, flags, floats, strings', () => {
    const w = new ByteWriter();
    const ints = [0, 1, -1, 127, 128, -129, 2 ** 31, -(2 ** 31) - 7, 1_735_689_600_000, 2 ** 52 - 1, -(2 ** 52) + 1];
    for (const n of ints) w.int(n);
    for (const n of [null, 0, -5, 365]) w.optInt(n);
    w.uint(2 ** 40);
    w.bool(true);
    w.f64(0.1);
    for (const s of ['acme-kes', 'acme-kes', 'é€😀', '', 'acme-kes']) w.sym(s);
    w.optText(null);
    w.optText('ws-1');
    w.text('e-ünïcode');
    const r = new ByteReader(w.written());
    expect(ints.map(() => r.int())).toEqual(ints);
    expect([r.optInt(), r.optInt(), r.optInt(), r.optInt()]).toEqual([null, 0, -5, 365]);
    expect(r.uint()).toBe(2 ** 40);
    expect(r.bool()).toBe(true);
    expect(r.f64()).toBe(0.1);
    expect([r.sym(), r.sym(), r.sym(), r.sym(), r.sym()]).toEqual(['acme-kes', 'acme-kes', 'é€😀', '', 'acme-kes']);
    expect([r.optText(), r.optText(), r.text()]).toEqual([null, 'ws-1', 'e-ünïcode']);
    expect(r.done).toBe(true);
  });

  it('writes a repeated string as a one-byte back-reference', () => {
    const w = new ByteWriter();
    w.sym('a-long-pool-identifier');
    const once = w.written().length;
    w.sym('a-long-pool-identifier');
    expect(w.written().length).toBe(once + 1);
  });

  it('grows past its first buffer without losing bytes', () => {
    const w = new ByteWriter();
    for (let i = 0; i < 100_000; i++) w.text(`event-${i}`);
    const r = new ByteReader(w.written());
    for (let i = 0; i < 100_000; i++) expect(r.text()).toBe(`event-${i}`);
  });
});

describe('ByteWriter.int', () => {
  it('refuses what it could not write exactly: fractions and integers of 2^52 or more', () => {
    expect(() => new ByteWriter().int(0.5)).toThrow(RangeError);
    expect(() => new ByteWriter().int(2 ** 52)).toThrow(RangeError);
    expect(() => new ByteWriter().optInt(-(2 ** 52))).toThrow(RangeError);
  });
});

describe('ByteWriter (strings)', () => {
  it('writes any string, short or long, ASCII or not, as its UTF-8 bytes after its length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 70 }))),
        (texts) => {
          const w = new ByteWriter(16);
          for (const t of texts) {
            w.text(t);
            w.sym(t);
            w.optText(t);
          }
          const r = new ByteReader(w.written());
          for (const t of texts) expect([r.text(), r.sym(), r.optText()]).toEqual([t, t, t]);
          expect(r.done).toBe(true);
          const one = new ByteWriter();
          for (const t of texts) one.text(t);
          const encoder = new TextEncoder();
          const expected = texts.reduce((n, t) => {
            const length = encoder.encode(t).length;
            return n + length + (length < 0x80 ? 1 : length < 0x4000 ? 2 : 3);
          }, 0);
          expect(one.written().length).toBe(expected);
        },
      ),
    );
  });
});

describe('ByteWriter.raw / finished', () => {
  it('copies bytes as they are, and hands back exactly what was written in a buffer of about that size', () => {
    const w = new ByteWriter(8);
    w.raw(new Uint8Array([1, 2, 3]));
    w.raw(new Uint8Array(100).fill(7));
    const out = w.finished();
    expect([out.length, out[0], out[2], out[3], out[102]]).toEqual([103, 1, 3, 7, 7]);
    expect(out.buffer.byteLength).toBeLessThanOrEqual(103 + (103 >>> 3));
    const full = new ByteWriter(4);
    full.raw(new Uint8Array([9, 9, 9, 9]));
    expect(full.finished().buffer.byteLength).toBe(4);
  });
});

describe('ByteWriter.countAhead / countAt', () => {
  it('writes a count given after what it counts as the very bytes of that count written first, at every varint length', () => {
    const counts = fc.oneof(
      fc.constantFrom(0, 1, 127, 128, 2 ** 14 - 1, 2 ** 14, 2 ** 21 - 1, 2 ** 21, 2 ** 28 - 1, 2 ** 28, 2 ** 35 - 1),
      fc.integer({ min: 0, max: 2 ** 35 - 1 }),
    );
    // Strings of up to 2 000 characters after a 16-byte first buffer: the writer grows while the count waits.
    const texts = fc.array(fc.oneof(fc.string({ maxLength: 20 }), fc.string({ maxLength: 2000 })), { maxLength: 20 });
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), counts, texts, (before, count, after) => {
        const later = new ByteWriter(16);
        later.text(before);
        const mark = later.countAhead();
        for (const t of after) later.text(t);
        later.countAt(mark, count);
        later.uint(7);
        const first = new ByteWriter(16);
        first.text(before);
        first.uint(count);
        for (const t of after) first.text(t);
        first.uint(7);
        expect(later.written()).toEqual(first.written());
      }),
    );
  });

  it('refuses a count it could not fit in the room it kept: negative, fractional, 2^35 or more', () => {
    for (const count of [-1, 0.5, 2 ** 35]) {
      const w = new ByteWriter();
      const mark = w.countAhead();
      expect(() => w.countAt(mark, count)).toThrow(RangeError);
    }
  });
});

/** The LEB128 bytes of a non-negative integer, computed apart (with bigints) from the writer's arithmetic. */
const leb128 = (value: bigint): number[] => {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
};
const zigzag = (n: number): bigint => (n < 0 ? -BigInt(n) * 2n - 1n : BigInt(n) * 2n);
const optZigzag = (n: number): bigint => (n < 0 ? -BigInt(n) * 2n : BigInt(n) * 2n + 1n);
/** Integers of every size up to 2^52, more of them near the 28-bit and 31-bit edges where the writer splits them. */
const anyInt = fc.oneof(
  fc.integer({ min: -(2 ** 52) + 1, max: 2 ** 52 - 1 }),
  fc.integer({ min: -300, max: 300 }).map((d) => 2 ** 27 + d),
  fc.integer({ min: -300, max: 300 }).map((d) => -(2 ** 30) + d),
  fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
);

describe('ByteWriter.int / optInt', () => {
  it('writes an integer of either sign below 2^52 as the varint of its zigzag form, which ByteReader reads back', () => {
    fc.assert(
      fc.property(anyInt, (n) => {
        const w = new ByteWriter(16);
        w.int(n);
        w.optInt(n);
        w.uint(Math.abs(n));
        expect([...w.written()]).toEqual([
          ...leb128(zigzag(n)),
          ...leb128(optZigzag(n)),
          ...leb128(BigInt(Math.abs(n))),
        ]);
        const r = new ByteReader(w.written());
        expect([r.int(), r.optInt(), r.uint()]).toEqual([n, n, Math.abs(n)]);
        expect(r.done).toBe(true);
      }),
    );
  });
});
