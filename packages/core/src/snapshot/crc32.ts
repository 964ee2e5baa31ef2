/**
 * CRC-32 (IEEE 802.3, the checksum of zip and PNG) over bytes: what a snapshot's
 * header holds to refuse a body that was truncated or had a bit flipped.
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** The CRC-32 of `bytes` as an unsigned 32-bit integer (`crc32(utf8('123456789')) === 0xcbf43926`). */
export const crc32 = (bytes: Uint8Array): number => {
  let crc = 0xffffffff;
  const table = TABLE;
  for (let i = 0; i < bytes.length; i++) crc = (table[(crc ^ (bytes[i] as number)) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
};
