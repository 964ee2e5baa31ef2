import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import { gunzip, GzipError } from '../../src/node/gunzip';

async function* chunksOf(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

const read = async (source: AsyncIterable<Uint8Array>): Promise<{ text: string; error: string | undefined }> => {
  const parts: Buffer[] = [];
  try {
    for await (const chunk of gunzip(source)) parts.push(Buffer.from(chunk));
    return { text: Buffer.concat(parts).toString('utf8'), error: undefined };
  } catch (error) {
    expect(error).toBeInstanceOf(GzipError);
    return { text: Buffer.concat(parts).toString('utf8'), error: (error as Error).message };
  }
};

const lines = (n: number): string =>
  Array.from({ length: n }, (_, i) => `{"seq":${i},"pad":"${'abcdefghij'.repeat(i % 7)}"}\n`).join('');

describe('gunzip', () => {
  test('R-L1: one member or several, in chunks of any size, give the text (as zcat)', async () => {
    const text = lines(5000);
    for (const size of [9, 4096, 1 << 20])
      expect(await read(chunksOf(gzipSync(text), size))).toEqual({ text, error: undefined });
    expect(await read(chunksOf(gzipSync(lines(100)), 1))).toEqual({ text: lines(100), error: undefined });
    const members = Buffer.concat([gzipSync('a\n'), gzipSync(''), gzipSync(text)]);
    expect(await read(chunksOf(members, 777))).toEqual({ text: `a\n${text}`, error: undefined });
    // ~40 000 9-byte chunks: seconds on a loaded machine, not a timed test.
  }, 60_000);

  test('R-L1: a member whose deflate data ends exactly where a chunk ends, and a header with a file name', async () => {
    const gz = gzipSync('abc\n'.repeat(10));
    async function* split(): AsyncGenerator<Uint8Array> {
      yield gz.subarray(0, gz.length - 8);
      yield gz.subarray(gz.length - 8);
    }
    expect(await read(split())).toEqual({ text: 'abc\n'.repeat(10), error: undefined });
    // FNAME (0x08): "x.ndjson\0" after the 10-byte header.
    const named = Buffer.concat([
      gz.subarray(0, 3),
      Buffer.of(gz[3]! | 0x08),
      gz.subarray(4, 10),
      Buffer.from('x.ndjson\0'),
      gz.subarray(10),
    ]);
    expect(await read(chunksOf(named, 5))).toEqual({ text: 'abc\n'.repeat(10), error: undefined });
  });

  test('R-L4 (F7): damage after the data (CRC-32, length, trailing garbage, a cut) loses nothing decompressed', async () => {
    const text = lines(20_000);
    const gz = gzipSync(text);
    const crc = Buffer.from(gz);
    crc[crc.length - 8] = crc[crc.length - 8]! ^ 1;
    const size = Buffer.from(gz);
    size[size.length - 1] = size[size.length - 1]! ^ 1;
    expect(await read(chunksOf(crc, 65536))).toEqual({ text, error: 'incorrect data check (CRC-32)' });
    expect(await read(chunksOf(size, 65536))).toEqual({ text, error: 'incorrect length check' });
    expect(await read(chunksOf(Buffer.concat([gz, Buffer.from('garbage')]), 65536))).toEqual({
      text,
      error: 'trailing garbage after gzip member 1',
    });
    expect(await read(chunksOf(gz.subarray(0, gz.length - 3), 65536))).toEqual({
      text,
      error: 'unexpected end of file',
    });
    const cut = gz.subarray(0, gz.length >> 1);
    const expected = gunzipSync(cut, { finishFlush: zlibConstants.Z_SYNC_FLUSH }).toString('utf8');
    expect(await read(chunksOf(cut, 65536))).toEqual({ text: expected, error: 'unexpected end of file' });
  });

  test('R-L2: not gzip at all is one error, nothing decompressed', async () => {
    expect(await read(chunksOf(Buffer.from('{"a":1}'), 3))).toEqual({ text: '', error: 'incorrect header check' });
  });
});
