/**
 * CRC-32 (IEEE 802.3, the checksum of zip and PNG) over bytes: what a snapshot's
 * header holds to refuse a body that was truncated or had a bit flipped.
 *
 * Slicing-by-8: eight tables, eight bytes a step (one table lookup per byte, no
 * dependency between them), several times the speed of the byte-at-a-time loop.
 */

/** `TABLES[k * 256 + b]`: the CRC of byte `b` followed by `k` zero bytes. */
const TABLES = (() => {
  const tables = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    tables[n] = c >>> 0;
  }
  for (let n = 0; n < 256; n++) {
    let c = tables[n] as number;
    for (let k = 1; k < 8; k++) {
      c = (tables[c & 0xff] as number) ^ (c >>> 8);
      tables[k * 256 + n] = c >>> 0;
    }
  }
  return tables;
})();

/** Whether the platform stores a `Uint32Array` little-endian (every platform Node runs on in practice). */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** The CRC-32 of `bytes` as an unsigned 32-bit integer (`crc32(utf8('123456789')) === 0xcbf43926`). */
export const crc32 = (bytes: Uint8Array): number => {
  const t = TABLES;
  const n = bytes.length;
  let crc = ~0;
  let i = 0;
  // Bytes one at a time up to a 4-byte boundary, then words read from an aligned view.
  while (i < n && (bytes.byteOffset + i) % 4 !== 0)
    crc = (t[(crc ^ (bytes[i++] as number)) & 0xff] as number) ^ (crc >>> 8);
  if (LITTLE_ENDIAN && n - i >= 8) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >>> 2);
    const pairs = words.length >>> 1;
    for (let w = 0; w < pairs * 2; w += 2) {
      const a = crc ^ (words[w] as number);
      const b = words[w + 1] as number;
      crc =
        (t[0x700 + (a & 0xff)] as number) ^
        (t[0x600 + ((a >>> 8) & 0xff)] as number) ^
        (t[0x500 + ((a >>> 16) & 0xff)] as number) ^
        (t[0x400 + (a >>> 24)] as number) ^
        (t[0x300 + (b & 0xff)] as number) ^
        (t[0x200 + ((b >>> 8) & 0xff)] as number) ^
        (t[0x100 + ((b >>> 16) & 0xff)] as number) ^
        (t[b >>> 24] as number);
    }
    i += pairs * 8;
  }
  while (i < n) crc = (t[(crc ^ (bytes[i++] as number)) & 0xff] as number) ^ (crc >>> 8);
  return ~crc >>> 0;
};
