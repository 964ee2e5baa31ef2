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
