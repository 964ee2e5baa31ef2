import fc from 'fast-check';
import { ByteReader, MalformedBody } from '../../src/snapshot/byte-reader';
import { ByteWriter } from '../../src/snapshot/byte-writer';

describe('ByteReader', () => {
  it('throws MalformedBody, never reads past the end, when bytes are cut short', () => {
    const w = new ByteWriter();
    w.int(1_735_689_600_000);
    w.sym('acme-kes');
    const bytes = w.written();
    for (let n = 0; n < bytes.length; n++) {
      const r = new ByteReader(bytes.subarray(0, n));
      expect(() => {
        r.int();
        r.sym();
      }).toThrow(MalformedBody);
    }
  });

  it('refuses a back-reference to a string not yet written, a flag other than 0 or 1, a count beyond the bytes left', () => {
    expect(() => new ByteReader(Uint8Array.of(9)).sym()).toThrow(/reference to symbol 4 of 0/);
    expect(() => new ByteReader(Uint8Array.of(2)).bool()).toThrow(/flag of 2/);
    expect(() => new ByteReader(Uint8Array.of(100, 0)).count()).toThrow(/count of 100/);
  });

  it('refuses bytes that are not UTF-8 in a string', () => {
    expect(() => new ByteReader(Uint8Array.of(2 * 2, 0xc3, 0x28)).sym()).toThrow(/not UTF-8/);
  });

  it('refuses a varint longer than a safe integer', () => {
    expect(() => new ByteReader(new Uint8Array(10).fill(0xff)).uint()).toThrow(/too large/);
  });
});

describe('ByteReader.text', () => {
  it('reads back every short ASCII string, each character in its place, whatever its length', () => {
    // Lengths on both sides of the strings made from their codes as arguments (up to 16) and from a list (up to 24).
    const texts = Array.from({ length: 40 }, (_, n) =>
      String.fromCharCode(...Array.from({ length: n }, (_, k) => 0x21 + ((k * 7 + n) % 94))),
    );
    const w = new ByteWriter();
    for (const t of texts) w.text(t);
    const r = new ByteReader(w.written());
    expect(texts.map(() => r.text())).toEqual(texts);
    expect(r.done).toBe(true);
  });
});

describe('ByteReader.take / decodeUtf8', () => {
  it('hands out the next bytes as a view and refuses to take more than are left', () => {
    const r = new ByteReader(new Uint8Array([1, 2, 3, 4]));
    expect([...r.take(3)]).toEqual([1, 2, 3]);
    expect(() => r.take(2)).toThrow(MalformedBody);
    expect([...r.take(1)]).toEqual([4]);
    expect(r.done).toBe(true);
  });

  it('decodes UTF-8 and refuses what is not', () => {
    const r = new ByteReader(new Uint8Array(0));
    expect(r.decodeUtf8(new TextEncoder().encode('é中'))).toBe('é中');
    expect(() => r.decodeUtf8(new Uint8Array([0xc3]))).toThrow('a string that is not UTF-8');
  });
});

describe('ByteReader.uint', () => {
  it('reads every varint of up to eight bytes, whatever its size, and refuses a ninth byte', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 56n - 1n }), (value) => {
        const bytes: number[] = [];
        for (let v = value; ; v >>= 7n) {
          if (v < 0x80n) {
            bytes.push(Number(v));
            break;
          }
          bytes.push(Number(v & 0x7fn) | 0x80);
        }
        const r = new ByteReader(Uint8Array.from(bytes));
        expect(r.uint()).toBe(Number(value));
        expect(r.done).toBe(true);
      }),
    );
    expect(() => new ByteReader(Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 1)).uint()).toThrow(
      /too large/,
    );
  });
});
