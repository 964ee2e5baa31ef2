import { crc32 } from '../../src/snapshot/crc32';

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
