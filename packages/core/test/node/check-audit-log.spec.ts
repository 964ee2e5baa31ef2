import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { type CheckedAuditLog, checkAuditLog, type CheckLogOptions } from '../../src/node/check-audit-log';
import type { DecodeProblem } from '../../src/node/check-range';
import { openDecodedAuditLog } from '../../src/node/decoded-audit-log';
import { ensureBuiltCore } from '../support/built-core';

let dir: string;
let files = 0;

beforeAll(() => {
  ensureBuiltCore();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-check-audit-log-'));
}, 300_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (content: string | Uint8Array): string => {
  const file = path.join(dir, `log-${(files += 1)}.ndjson`);
  fs.writeFileSync(file, content);
  return file;
};

const GOOD = [
  '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"p","module":"KES","quantity":3}',
  '{"type":"InstallRequested","id":"e2","at":"2025-01-02T00:00:00Z","poolId":"p","machineId":"m1","groupId":"g"}',
  '{"type":"RecoveryRun","id":"r\\u00e9","at":"2025-01-01T00:00:00Z"}',
];
const BAD = [
  '{"type":"LicensePurchased"',
  '{"type":"Nope","id":"x1","at":"2025-01-01T00:00:00Z"}',
  '\uFEFF{"type":"RecoveryRun","id":"b1","at":"2025-01-01T00:00:00Z"}', // a BOM is only the file's on line 1
  'x'.repeat(300), // longer than maxLineBytes below
  '',
  '   ',
];

/** Lines joined by LF or CRLF, maybe with a BOM in front and a final newline; some bytes not UTF-8. */
const logBytes = fc
  .record({
    lines: fc.array(fc.oneof(fc.constantFrom(...GOOD), fc.constantFrom(...BAD)), { maxLength: 60 }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    invalidAt: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ lines, crlf, bom, finalNewline, invalidAt }) => {
    const text = (bom ? '\uFEFF' : '') + lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? '\n' : '');
    const bytes = Buffer.from(text, 'utf8');
    if (invalidAt !== undefined && bytes.length > 0) {
      const at = invalidAt % bytes.length;
      if (bytes[at] !== 0x0a) bytes[at] = 0xff; // never a newline: the lines stay the lines
    }
    return bytes;
  });

const checked = async (source: string, options: CheckLogOptions): Promise<CheckedAuditLog> => {
  const result = await checkAuditLog(source, options);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const outcome = async (log: CheckedAuditLog) => {
  const problems: DecodeProblem[] = [];
  for await (const batch of log.problems) problems.push(...batch);
  return { problems, lines: log.lines() };
};

/** The reference: every entry of the whole log decoded in this thread, the problems kept. */
const reference = async (source: string, maxLineBytes: number) => {
  const opened = await openDecodedAuditLog(source, { maxLineBytes });
  if (E.isLeft(opened)) throw new Error(opened.left.message);
  const problems: DecodeProblem[] = [];
  let lines = 0;
  for await (const batch of opened.right.entries) {
    lines += batch.length;
    for (const entry of batch) if (!('event' in entry)) problems.push(entry);
  }
  return { problems, lines };
};

describe('checkAuditLog', () => {
  test('R-L2: checked in two halves, one in a worker, a log gives the problems and line count of reading it whole', async () => {
    // Each run starts a worker: fewer runs than the default.
    let splits = 0;
    await fc.assert(
      fc.asyncProperty(logBytes, fc.integer({ min: 1, max: 64 }), async (bytes, chunkBytes) => {
        const file = write(bytes);
        const options = { maxLineBytes: 200, chunkBytes, minSplitBytes: 1 };
        const split = await checked(file, options);
        const whole = await checked(file, { ...options, worker: false });
        const expected = await reference(file, 200);
        expect(await outcome(split)).toStrictEqual(expected);
        expect(await outcome(whole)).toStrictEqual(expected);
        expect(whole.inWorker()).toBe(false);
        if (split.inWorker()) splits += 1;
      }),
      { numRuns: 40 },
    );
    // Not vacuous: most logs have a line starting past their middle, and were split there.
    expect(splits).toBeGreaterThan(20);
  }, 120_000);

  test('R-L2: a problem on each side of the middle keeps its line number; the second half runs in the worker', async () => {
    const lines = [...Array.from({ length: 500 }, (_, i) => GOOD[i % 3] as string)];
    lines[10] = '{"type":"Nope"}';
    lines[400] = '{"type":';
    lines[401] = '';
    lines[402] = '{"type":"Nope"}';
    const file = write(lines.join('\n'));
    const log = await checked(file, { minSplitBytes: 1, chunkBytes: 1024 });
    const result = await outcome(log);
    expect(log.inWorker()).toBe(true);
    expect(result.problems.map((problem) => problem.line)).toEqual([11, 401, 403]);
    expect(result.lines).toBe(499);
    expect(log.bytesRead()).toBe(fs.statSync(file).size);
  });

  test('R-L1: gzip files, stdin and small files are read whole, in this thread, with the same problems', async () => {
    const text = [GOOD[0], '{"type":"Nope"}', GOOD[1]].join('\n');
    const expected = await reference(write(text), 200);
    const gz = await checked(write(gzipSync(Buffer.from(text))), { minSplitBytes: 1 });
    expect(await outcome(gz)).toStrictEqual(expected);
    expect(gz.inWorker()).toBe(false);
    const stdin = await checked('-', { stdin: Readable.from([Buffer.from(text)]), minSplitBytes: 1 });
    expect(await outcome(stdin)).toStrictEqual(expected);
    expect(stdin.inWorker()).toBe(false);
    const small = await checked(write(text), {});
    expect(await outcome(small)).toStrictEqual(expected);
    expect(small.inWorker()).toBe(false);
  });

  test('a worker file that cannot load: this thread checks the second half too, with the same problems', async () => {
    const lines = Array.from({ length: 200 }, (_, i) => (i % 17 === 0 ? '{"type":"Nope"}' : (GOOD[i % 3] as string)));
    const file = write(lines.join('\n'));
    const missing = path.join(dir, 'no-such-worker.js');
    const log = await checked(file, { minSplitBytes: 1, workerFile: missing });
    expect(await outcome(log)).toStrictEqual(await reference(file, 1024 * 1024));
    expect(log.inWorker()).toBe(false);
  });

  test('the same Left errors as openDecodedAuditLog', async () => {
    const missing = await checkAuditLog(path.join(dir, 'missing.ndjson'));
    expect(E.isLeft(missing) && missing.left.kind).toBe('not-found');
    const directory = await checkAuditLog(dir);
    expect(E.isLeft(directory) && directory.left.kind).toBe('not-a-file');
  });

  test('stopping early terminates the worker', async () => {
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    try {
      const lines = Array.from({ length: 300 }, () => '{"type":"Nope"}');
      const log = await checked(write(lines.join('\n')), { minSplitBytes: 1, chunkBytes: 256 });
      for await (const _batch of log.problems) break;
      expect(terminate).toHaveBeenCalled();
    } finally {
      terminate.mockRestore();
    }
  });
});
