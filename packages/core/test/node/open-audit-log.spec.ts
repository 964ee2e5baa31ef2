import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, gunzipSync, gzipSync } from 'node:zlib';
import * as E from 'fp-ts/Either';
import type { SplitItem } from '../../src/log/ndjson';
import { openAuditLog, type OpenedAuditLog, type OpenError } from '../../src/node';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-open-audit-log-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, content: string | Uint8Array): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

const LOG = '\uFEFF{"seq":1,"pool":"€"}\r\n\n{"seq":2}\r\n{"seq":3}';
const LOG_ITEMS: SplitItem[] = [
  { line: 1, text: '{"seq":1,"pool":"€"}' },
  { line: 3, text: '{"seq":2}' },
  { line: 4, text: '{"seq":3}' },
];

/** A log big enough to span many chunks and, gzipped, many compressed blocks. */
const bigLog = (lines: number): string =>
  Array.from({ length: lines }, (_, i) => JSON.stringify({ seq: i + 1, note: `line ${i + 1} ${'x'.repeat(i % 50)}` }))
    .join('\n')
    .concat('\n');

const opened = async (source: string, options?: Parameters<typeof openAuditLog>[1]): Promise<OpenedAuditLog> => {
  const result = await openAuditLog(source, options);
  if (E.isLeft(result)) throw new Error(`expected the log to open: ${result.left.message}`);
  return result.right;
};

const openError = async (source: string): Promise<OpenError> => {
  const result = await openAuditLog(source);
  if (E.isRight(result)) throw new Error(`expected ${source} not to open`);
  return result.left;
};

const readAll = async (log: OpenedAuditLog): Promise<SplitItem[]> => {
  const items: SplitItem[] = [];
  for await (const batch of log.batches) items.push(...batch);
  return items;
};

describe('openAuditLog', () => {
  it('R-L1: reads a plain file as numbered lines, with its size and the bytes consumed', async () => {
    const file = write('plain.ndjson', LOG);
    const log = await opened(file);
    expect(log.name).toBe(file);
    expect(log.totalBytes).toBe(Buffer.byteLength(LOG));
    expect(log.bytesRead()).toBe(0);
    expect(await readAll(log)).toEqual(LOG_ITEMS);
    expect(log.bytesRead()).toBe(Buffer.byteLength(LOG));
  });

  it('R-L1: small read chunks (lines and characters split across them) give the same lines', async () => {
    const file = write('small-chunks.ndjson', LOG);
    for (const chunkBytes of [1, 2, 3, 7]) expect(await readAll(await opened(file, { chunkBytes }))).toEqual(LOG_ITEMS);
  });

  it('R-L1: a large file read in 4 KiB chunks loses and reorders no line', async () => {
    const text = bigLog(5000);
    const file = write('big.ndjson', text);
    const items = await readAll(await opened(file, { chunkBytes: 4096 }));
    expect(items).toHaveLength(5000);
    expect(items.every((item, i) => 'text' in item && item.line === i + 1)).toBe(true);
  });

  it('R-L2: an invalid UTF-8 line in a file is named while its neighbours come through', async () => {
    const file = write(
      'bad-utf8.ndjson',
      Buffer.concat([Buffer.from('{"seq":1}\n{"seq":"'), Buffer.of(0xff), Buffer.from('"}\n{"seq":3}\n')]),
    );
    expect(await readAll(await opened(file, { chunkBytes: 5 }))).toEqual([
      { line: 1, text: '{"seq":1}' },
      { line: 2, message: 'not valid UTF-8' },
      { line: 3, text: '{"seq":3}' },
    ]);
  });

  it('R-L1: a gzip file is recognised by its magic bytes, without a .gz extension', async () => {
    const compressed = gzipSync(LOG);
    const file = write('rotated.ndjson.1', compressed);
    const log = await opened(file);
    expect(log.totalBytes).toBe(compressed.byteLength);
    expect(await readAll(log)).toEqual(LOG_ITEMS);
    expect(log.bytesRead()).toBe(compressed.byteLength);
  });

  it('R-L1: a .gz file is decompressed, whatever the read chunk size', async () => {
    const text = bigLog(3000);
    const file = write('audit.ndjson.gz', gzipSync(text));
    for (const chunkBytes of [13, 100, 64 * 1024]) {
      const items = await readAll(await opened(file, { chunkBytes }));
      expect(items).toHaveLength(3000);
      expect(items[2999]).toEqual({ line: 3000, text: text.split('\n')[2999] });
    }
  });

  it('R-L2 (F7): a truncated gzip gives every line decompressed (as zcat), then one problem on the line the cut went through', async () => {
    const text = bigLog(3000);
    const compressed = gzipSync(text);
    const cut = compressed.subarray(0, Math.floor(compressed.byteLength / 2));
    const file = write('truncated.ndjson.gz', cut);
    // What zlib can decompress of the prefix: its complete lines are the log's.
    const complete = gunzipSync(cut, { finishFlush: zlibConstants.Z_SYNC_FLUSH })
      .toString('utf8')
      .split('\n')
      .slice(0, -1);
    for (const chunkBytes of [1024, 64 * 1024]) {
      const items = await readAll(await opened(file, { chunkBytes }));
      expect(items.slice(0, -1)).toEqual(complete.map((line, i) => ({ line: i + 1, text: line })));
      const n = complete.length + 1;
      expect(items[items.length - 1]).toEqual({
        line: n,
        message: `gzip stream is corrupt: unexpected end of file (line ${n} is cut short)`,
      });
    }
  });

  it('R-L4 (F7): trailing garbage after the gzip member: every line is read, then one problem after them', async () => {
    const text = bigLog(20_000);
    const file = write('garbage.ndjson.gz', Buffer.concat([gzipSync(text), Buffer.from('not gzip\n')]));
    const items = await readAll(await opened(file));
    expect(items).toHaveLength(20_001);
    expect(items[19_999]).toEqual({ line: 20_000, text: text.split('\n')[19_999] });
    expect(items[20_000]).toEqual({
      line: 20_001,
      message: 'gzip stream is corrupt: trailing garbage after gzip member 1',
    });
  });

  it('R-L4 (F7): a flipped byte caught by the CRC-32: every line decompressed is read, then one problem after them', async () => {
    const text = bigLog(20_000);
    const damaged = Buffer.from(gzipSync(text));
    damaged[damaged.length - 6] = (damaged[damaged.length - 6] as number) ^ 0xff; // inside the CRC-32 of the trailer
    const items = await readAll(await opened(write('crc.ndjson.gz', damaged)));
    expect(items).toHaveLength(20_001);
    expect(items.slice(0, -1)).toEqual(
      text
        .split('\n')
        .slice(0, 20_000)
        .map((line, i) => ({ line: i + 1, text: line })),
    );
    expect(items[20_000]).toEqual({ line: 20_001, message: 'gzip stream is corrupt: incorrect data check (CRC-32)' });
  });

  it('R-L1: several gzip members (concatenated files) read as one log, as zcat does', async () => {
    const items = await readAll(
      await opened(write('members.gz', Buffer.concat([gzipSync('{"a":1}\n'), gzipSync(''), gzipSync('{"b":2}')]))),
    );
    expect(items).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
  });

  it('R-L1: stdin redirected from a directory is a not-a-file value, not an empty log', async () => {
    const fd = fs.openSync(dir, 'r');
    try {
      const stdin = Object.assign(Readable.from([]), { fd });
      const result = await openAuditLog('-', { stdin });
      expect(result).toEqual(E.left({ kind: 'not-a-file', message: 'standard input is a directory, not a file' }));
    } finally {
      fs.closeSync(fd);
    }
  });

  it('R-L2 (F5): maxLineBytes reaches the splitter; a limit that is not a positive integer is a programming error', async () => {
    const items = await readAll(
      await opened(write('long.ndjson', `${'x'.repeat(50)}\n{"a":1}\n`), { maxLineBytes: 10 }),
    );
    expect(items).toEqual([
      { line: 1, message: expect.stringMatching(/^line too long: more than 10 bytes/) as unknown },
      { line: 2, text: '{"a":1}' },
    ]);
    await expect(openAuditLog('-', { maxLineBytes: 0 })).rejects.toThrow(RangeError);
  });

  it('R-L2: a gzip stream corrupted after its header ends with a problem, not an exception', async () => {
    const compressed = Buffer.from(gzipSync(bigLog(200)));
    compressed.fill(0xff, 10, 40);
    const file = write('corrupt.gz', compressed);
    const items = await readAll(await opened(file));
    const last = items[items.length - 1];
    expect(last).toMatchObject({
      line: items.length,
      message: expect.stringMatching(/^gzip stream is corrupt: \S/) as unknown,
    });
  });

  it('R-L1: "-" reads the given stdin stream, plain or gzip', async () => {
    const log = await opened('-', { stdin: Readable.from([Buffer.from(LOG.slice(0, 9)), Buffer.from(LOG.slice(9))]) });
    expect(log.name).toBe('<stdin>');
    expect(log.totalBytes).toBeNull();
    expect(await readAll(log)).toEqual(LOG_ITEMS);
    expect(log.bytesRead()).toBe(Buffer.byteLength(LOG));

    const compressed = gzipSync(LOG);
    // One byte per chunk: the magic number itself arrives split in two.
    const bytes = Array.from(compressed, (byte) => Buffer.of(byte));
    expect(await readAll(await opened('-', { stdin: Readable.from(bytes) }))).toEqual(LOG_ITEMS);
  });

  it('R-L1: stdin with an encoding set yields text, which is split the same way', async () => {
    const stdin = Readable.from([Buffer.from(LOG)]).setEncoding('utf8');
    expect(await readAll(await opened('-', { stdin }))).toEqual(LOG_ITEMS);
  });

  it('R-L2: a corrupt gzip on a stdin that stays open still ends the iteration, and releases stdin', async () => {
    const stdin = new Readable({ read: () => undefined });
    stdin.push(Buffer.from([0x1f, 0x8b, 0x63, 0x6f, 0x72, 0x72, 0x75, 0x70, 0x74, 0x21]));
    const items = await readAll(await opened('-', { stdin }));
    expect(items).toEqual([{ line: 1, message: 'gzip stream is corrupt: unknown compression method' }]);
    expect(stdin.destroyed).toBe(true);
  });

  it('stopping early on a stdin that stays open returns at once and releases stdin', async () => {
    const stdin = new Readable({ read: () => undefined });
    stdin.push('{"seq":1}\n');
    const log = await opened('-', { stdin });
    for await (const batch of log.batches) {
      expect(batch).toEqual([{ line: 1, text: '{"seq":1}' }]);
      break;
    }
    expect(stdin.destroyed).toBe(true);
  });

  it('an empty file yields no batch', async () => {
    expect([...(await readAll(await opened(write('empty.ndjson', ''))))]).toEqual([]);
  });

  it('stopping early releases the file, gzip or not', async () => {
    for (const content of [bigLog(5000), gzipSync(bigLog(5000))]) {
      const log = await opened(write('early.ndjson', content), { chunkBytes: 1024 });
      let batches = 0;
      for await (const batch of log.batches) {
        expect(batch.length).toBeGreaterThan(0);
        if (++batches === 2) break;
      }
      expect(log.bytesRead()).toBeLessThan(Buffer.byteLength(content));
    }
  });

  it('a missing file is a not-found value naming it', async () => {
    const missing = path.join(dir, 'nope', 'a.ndjson');
    expect(await openError(missing)).toEqual({ kind: 'not-found', message: `no such file: ${missing}` });
  });

  it('a directory is a not-a-file value naming it', async () => {
    expect(await openError(dir)).toEqual({ kind: 'not-a-file', message: `a directory, not a file: ${dir}` });
  });

  const asRoot = process.getuid?.() === 0;
  (asRoot ? it.skip : it)('a file without read permission is an unreadable value naming it', async () => {
    const file = write('locked.ndjson', LOG);
    fs.chmodSync(file, 0o000);
    expect(await openError(file)).toEqual({ kind: 'unreadable', message: `permission denied: ${file}` });
  });

  it('a chunk size that is not a positive integer is a programming error', async () => {
    await expect(openAuditLog(write('x.ndjson', LOG), { chunkBytes: 0 })).rejects.toThrow(RangeError);
  });
});
