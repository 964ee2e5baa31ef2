import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
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

  it('R-L2: a truncated gzip ends with a problem on the line after the last, not an exception', async () => {
    const text = bigLog(3000);
    const compressed = gzipSync(text);
    const file = write('truncated.ndjson.gz', compressed.subarray(0, Math.floor(compressed.byteLength / 2)));
    const items = await readAll(await opened(file, { chunkBytes: 1024 }));
    const last = items[items.length - 1];
    const lines = items.slice(0, -1);
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.length).toBeLessThan(3000);
    // Every line before the cut is intact; the one the cut went through is kept too, to fail as JSON.
    lines.slice(0, -1).forEach((item, i) => expect(item).toEqual({ line: i + 1, text: text.split('\n')[i] }));
    expect(last).toEqual({ line: lines.length + 1, message: 'gzip stream is corrupt: unexpected end of file' });
  });

  it('R-L2: a gzip stream corrupted after its header ends with a problem, not an exception', async () => {
    const compressed = Buffer.from(gzipSync(bigLog(200)));
    compressed.fill(0xff, 10, 40);
    const file = write('corrupt.gz', compressed);
    const items = await readAll(await opened(file));
    const last = items[items.length - 1];
    expect(last).toMatchObject({ line: items.length, message: expect.stringMatching(/^gzip stream is corrupt: \S/) });
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
