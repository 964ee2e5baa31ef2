/**
 * Gunzip that keeps everything it decompressed: the gzip framing (header,
 * CRC-32, size, further members) is read here, only the deflate data goes to
 * zlib. Node's `createGunzip` drops the output of its last step when that step
 * fails, so a CRC error or trailing garbage lost up to a megabyte of good lines;
 * here every byte zlib produced comes out before the error is raised, as `zcat`
 * does.
 *
 * @since 0.2.0
 */
import * as zlib from 'node:zlib';

/**
 * The failure of a gzip stream, after everything decompressed before it.
 *
 * @since 0.2.0
 */
export class GzipError extends Error {
  readonly code = 'Z_DATA_ERROR';
  constructor(message: string) {
    super(message);
    this.name = 'GzipError';
  }
}

/** Compressed bytes handed to zlib per step: its output for one step is kept whole, so this bounds a step's memory (×1032 at most). */
const SLICE = 16 * 1024;
const OUTPUT_CHUNK = 64 * 1024;

const FTEXT_FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 of gzip, continued from `crc`; zlib's own when this Node has it. */
const crc32: (data: Uint8Array, crc: number) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data, crc) => (zlib as unknown as { crc32: (d: Uint8Array, c: number) => number }).crc32(data, crc)
    : (data, crc) => {
        let c = ~crc;
        for (let i = 0; i < data.length; i++) c = (CRC_TABLE[(c ^ (data[i] as number)) & 0xff] as number) ^ (c >>> 8);
        return ~c >>> 0;
      };

/** The input as a queue of bytes that can be read a few at a time. */
class Input {
  private parts: Uint8Array[] = [];
  private size = 0;
  private done = false;
  constructor(private readonly source: AsyncIterator<Uint8Array>) {}

  get buffered(): number {
    return this.size;
  }

  /** Reads until `n` bytes are buffered or the input ends; true when they are. */
  async fill(n: number): Promise<boolean> {
    while (this.size < n && !this.done) {
      const step = await this.source.next();
      if (step.done === true) this.done = true;
      else if (step.value.byteLength > 0) {
        this.parts.push(step.value);
        this.size += step.value.byteLength;
      }
    }
    return this.size >= n;
  }

  async atEnd(): Promise<boolean> {
    return !(await this.fill(1));
  }

  peek(i: number): number {
    let at = i;
    for (const part of this.parts) {
      if (at < part.byteLength) return part[at] as number;
      at -= part.byteLength;
    }
    return -1;
  }

  take(n: number): Uint8Array {
    const out = new Uint8Array(Math.min(n, this.size));
    let filled = 0;
    while (filled < out.length) {
      const part = this.parts[0] as Uint8Array;
      const count = Math.min(part.byteLength, out.length - filled);
      out.set(part.subarray(0, count), filled);
      filled += count;
      if (count === part.byteLength) this.parts.shift();
      else this.parts[0] = part.subarray(count);
    }
    this.size -= out.length;
    return out;
  }

  /** Puts bytes back in front (what zlib did not consume). */
  unshift(bytes: Uint8Array): void {
    if (bytes.byteLength === 0) return;
    this.parts.unshift(bytes);
    this.size += bytes.byteLength;
  }

  /** Up to `n` bytes, reading more only when none are buffered. */
  async next(n: number): Promise<Uint8Array | undefined> {
    if (this.size === 0 && !(await this.fill(1))) return undefined;
    return this.take(n);
  }
}

const EOF = (): GzipError => new GzipError('unexpected end of file');

/** Skips one gzip header (RFC 1952 §2.3); the magic bytes are known to be there. */
const skipHeader = async (input: Input): Promise<void> => {
  if (!(await input.fill(10))) throw EOF();
  if (input.peek(2) !== 8) throw new GzipError('unknown compression method');
  const flags = input.peek(3);
  input.take(10);
  if (flags & FEXTRA) {
    if (!(await input.fill(2))) throw EOF();
    const length = input.peek(0) | (input.peek(1) << 8);
    if (!(await input.fill(2 + length))) throw EOF();
    input.take(2 + length);
  }
  for (const flag of [FNAME, FCOMMENT]) {
    if (!(flags & flag)) continue;
    for (;;) {
      if (!(await input.fill(1))) throw EOF();
      if (input.take(1)[0] === 0) break;
    }
  }
  if (flags & FTEXT_FHCRC) {
    if (!(await input.fill(2))) throw EOF();
    input.take(2);
  }
};

/** Writes one slice to zlib; its output arrives as 'data' events before the promise resolves, or zlib's error rejects it. */
const step = (inflate: zlib.InflateRaw, slice: Uint8Array): Promise<void> =>
  new Promise((resolve, reject) => {
    const onError = (error: unknown): void => reject(error instanceof Error ? error : new Error(String(error)));
    inflate.once('error', onError);
    inflate.write(slice, () => {
      inflate.removeListener('error', onError);
      resolve();
    });
  });

/**
 * Inflates one member's deflate data, yielding its output as zlib makes it, and
 * returns its CRC-32 and length; bytes after the deflate data go back to `input`.
 */
async function* inflateMember(input: Input): AsyncGenerator<Uint8Array, { crc: number; size: number }> {
  const inflate = zlib.createInflateRaw({ chunkSize: OUTPUT_CHUNK });
  const output: Uint8Array[] = [];
  let ended = false;
  inflate.on('data', (chunk: Uint8Array) => output.push(chunk));
  inflate.on('end', () => {
    ended = true;
  });
  let crc = 0;
  let size = 0;
  let written = 0;
  const flush = function* (): Generator<Uint8Array> {
    for (const chunk of output.splice(0)) {
      crc = crc32(chunk, crc);
      size += chunk.byteLength;
      yield chunk;
    }
  };
  try {
    for (;;) {
      const slice = await input.next(SLICE);
      if (slice === undefined) {
        // The input ended inside the deflate data: yield what zlib has, then fail.
        yield* flush();
        throw EOF();
      }
      try {
        await step(inflate, slice);
      } catch (error) {
        yield* flush();
        throw new GzipError(error instanceof Error ? error.message : String(error));
      }
      written += slice.byteLength;
      // Let 'end' (queued after the last push) arrive.
      await new Promise<void>((resolve) => setImmediate(resolve));
      yield* flush();
      const consumed = inflate.bytesWritten;
      if (ended || consumed < written) {
        input.unshift(slice.subarray(slice.byteLength - (written - consumed)));
        return { crc, size };
      }
    }
  } finally {
    inflate.destroy();
  }
}

const readUint32LE = (bytes: Uint8Array, at: number): number =>
  ((bytes[at] as number) |
    ((bytes[at + 1] as number) << 8) |
    ((bytes[at + 2] as number) << 16) |
    ((bytes[at + 3] as number) << 24)) >>>
  0;

/**
 * The decompressed bytes of a gzip stream (one or more members), yielded as they
 * come. On damage — a corrupt deflate block, a CRC-32 or length mismatch, a cut
 * stream, bytes after the last member that are not another member — it first
 * yields everything decompressed, then throws a `GzipError` (code
 * `Z_DATA_ERROR`). A corrupt deflate block can still lose the last step's output
 * inside zlib (at most 64 KiB); a CRC error, a cut stream or trailing garbage
 * loses nothing.
 *
 * @since 0.2.0
 */
export async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = new Input(source[Symbol.asyncIterator]());
  let member = 0;
  for (;;) {
    if (member > 0 && (await input.atEnd())) return;
    await input.fill(2);
    if (input.peek(0) !== 0x1f || input.peek(1) !== 0x8b) {
      throw new GzipError(member === 0 ? 'incorrect header check' : `trailing garbage after gzip member ${member}`);
    }
    member += 1;
    await skipHeader(input);
    const { crc, size } = yield* inflateMember(input);
    if (!(await input.fill(8))) throw EOF();
    const trailer = input.take(8);
    if (readUint32LE(trailer, 0) !== crc) throw new GzipError('incorrect data check (CRC-32)');
    if (readUint32LE(trailer, 4) !== size % 2 ** 32) throw new GzipError('incorrect length check');
  }
}
