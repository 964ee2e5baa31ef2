import fc from 'fast-check';
import { crc32, crc32Combine } from '../../src/snapshot/crc32';

describe('crc32', () => {
  it('gives the standard check value of "123456789" (0xCBF43926)', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('is 0 for no bytes and changes with any single flipped bit', () => {
    expect(crc32(new Uint8Array(0))).toBe(0);
    const bytes = new TextEncoder().encode('license-ledger snapshot body');
    const sum = crc32(bytes);
    for (let i = 0; i < bytes.length * 8; i++) {
      const flipped = bytes.slice();
      flipped[i >> 3] = (flipped[i >> 3] as number) ^ (1 << (i & 7));
      expect(crc32(flipped)).not.toBe(sum);
    }
  });
});

/** The textbook loop, one byte and one table lookup at a time. */
const reference = (bytes: Uint8Array): number => {
  let crc = 0xffffffff;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
};

describe('crc32 (slicing-by-8)', () => {
  it('equals the bit-by-bit CRC-32 for any bytes at any offset of their buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(7), (bytes, offset) => {
        // A view starting `offset` bytes into its buffer: the aligned word loop and both byte loops are exercised.
        const buffer = new Uint8Array(bytes.length + offset);
        buffer.set(bytes, offset);
        expect(crc32(buffer.subarray(offset))).toBe(reference(bytes));
      }),
    );
  });
});

describe('crc32 (three parts side by side)', () => {
  it('equals the bit-by-bit CRC-32 for bodies long enough to be cut in three parts, at any offset of their buffer', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4096, maxLength: 12_000 }), fc.nat(7), (bytes, offset) => {
        const buffer = new Uint8Array(bytes.length + offset);
        buffer.set(bytes, offset);
        expect(crc32(buffer.subarray(offset))).toBe(reference(bytes));
      }),
      { numRuns: 40 },
    );
  });
});

describe('crc32Combine', () => {
  it('gives the CRC-32 of two byte runs one after the other from theirs and the second one’s length', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ maxLength: 300 }), (a, b) => {
        const both = new Uint8Array(a.length + b.length);
        both.set(a);
        both.set(b, a.length);
        expect(crc32Combine(reference(a), reference(b), b.length)).toBe(reference(both));
      }),
    );
  });
});
