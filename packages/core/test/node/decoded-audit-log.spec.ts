import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import * as E from 'fp-ts/Either';
import { decodeLogAsync } from '../../src/log/decode-log';
import type { LogEntry } from '../../src/replay/replayer';
import {
  DEFAULT_DECODED_CHUNK_BYTES,
  defaultWorkerFile,
  type DecodedAuditLog,
  type DecodedLogOptions,
  openDecodedAuditLog,
} from '../../src/node/decoded-audit-log';
import { openAuditLog } from '../../src/node/open-audit-log';
import { WORKER_NICE } from '../../src/node/thread-priority';
import { BUILT_WORKER, CORE, ensureBuiltCore } from '../support/built-core';

let dir: string;

beforeAll(() => {
  ensureBuiltCore();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-decoded-audit-log-'));
}, 300_000);

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (name: string, content: string | Uint8Array): string => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
};

const event = (i: number): string =>
  i % 3 === 0
    ? JSON.stringify({
        type: 'InstallRequested',
        id: `e${i}`,
        at: '2025-01-02T00:00:00Z',
        poolId: `p${i % 7}`,
        machineId: `m${i % 50}`,
        groupId: 'g1',
      })
    : JSON.stringify({
        type: 'LicensePurchased',
        id: `e${i}`,
        at: '2025-01-01T00:00:00Z',
        poolId: `p${i % 7}`,
        module: 'KES',
        quantity: 1 + (i % 4),
      });

/** Good lines with every kind of bad line among them, blank lines, CRLF, a BOM. */
const LOG = [
  `\uFEFF${event(0)}`,
  ...Array.from({ length: 3000 }, (_, i) => event(i + 1)),
  '',
  '{"type":"LicensePurchased"',
  '{"type":"Nope","id":"x1","at":"2025-01-01T00:00:00Z"}',
  `${event(9001)}\r`,
  'x'.repeat(5000),
  '{"type":"RecoveryRun","id":"r\\u00e9","at":"2025-01-01T00:00:00Z"}',
  ...Array.from({ length: 3000 }, (_, i) => event(i + 5000)),
].join('\n');

const entriesOf = async (log: DecodedAuditLog): Promise<LogEntry[]> => {
  const out: LogEntry[] = [];
  for await (const batch of log.entries) out.push(...batch);
  return out;
};

const opened = async (source: string, options: DecodedLogOptions): Promise<DecodedAuditLog> => {
  const result = await openDecodedAuditLog(source, options);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

/** The in-thread reference: `decodeLogAsync` over `openAuditLog`, as the CLI read before. */
const reference = async (
  source: string,
  options: { chunkBytes?: number; maxLineBytes?: number },
): Promise<LogEntry[]> => {
  const result = await openAuditLog(source, options);
  if (E.isLeft(result)) throw new Error(result.left.message);
  const out: LogEntry[] = [];
  for await (const batch of decodeLogAsync(result.right.batches)) out.push(...batch);
  return out;
};

describe('defaultWorkerFile', () => {
  test('run from the sources, it is the built CommonJS worker', () => {
    expect(defaultWorkerFile()).toBe(BUILT_WORKER);
  });
});

describe('openDecodedAuditLog', () => {
  test('the worker gives the same entries as decoding in this thread: events, every problem once on its line, in order', async () => {
    const file = write('mixed.ndjson', LOG);
    for (const options of [{ chunkBytes: 4096, maxLineBytes: 4096 }, { maxLineBytes: 4096 }]) {
      const inWorker = await opened(file, { ...options, worker: true });
      const entries = await entriesOf(inWorker);
      expect(inWorker.inWorker()).toBe(true);
      expect(entries).toEqual(await reference(file, options));
      expect(entries.filter((e) => 'problem' in e).map((e) => e.line)).toEqual([3003, 3004, 3006]);
      expect(inWorker.bytesRead()).toBe(Buffer.byteLength(LOG));
      expect(await entriesOf(await opened(file, { ...options, worker: false }))).toEqual(entries);
    }
  }, 60_000);

  test('by default a batch holds at most DEFAULT_DECODED_CHUNK_BYTES of log (plus the line a read ends in), in the worker and in this thread', async () => {
    // A batch's entries stay reachable until the fold has taken all of it: small batches die young.
    const lines = Array.from({ length: 12_000 }, (_, i) => event(i + 1));
    const file = write('big.ndjson', lines.join('\n'));
    expect(fs.statSync(file).size).toBeGreaterThan(4 * DEFAULT_DECODED_CHUNK_BYTES);
    const longest = Math.max(...lines.map((line) => line.length + 1));
    for (const worker of [true, false]) {
      const log = await opened(file, { worker });
      const sizes: number[] = [];
      let count = 0;
      for await (const batch of log.entries) {
        count += batch.length;
        sizes.push(batch.reduce((sum, entry) => sum + (lines[entry.line - 1]?.length ?? 0) + 1, 0));
      }
      expect(log.inWorker()).toBe(worker);
      expect(count).toBe(lines.length);
      expect(sizes.length).toBeGreaterThanOrEqual(4);
      expect(Math.max(...sizes)).toBeLessThanOrEqual(DEFAULT_DECODED_CHUNK_BYTES + longest);
    }
  }, 60_000);

  test('R-L1: a gzip file, even a damaged one, reads the same in the worker', async () => {
    const gz = gzipSync(LOG);
    const whole = write('log.gz', gz);
    const cut = write('cut.gz', gz.subarray(0, Math.floor(gz.length / 2)));
    for (const file of [whole, cut]) {
      const log = await opened(file, { worker: true, chunkBytes: 2048, maxLineBytes: 4096 });
      expect(await entriesOf(log)).toEqual(await reference(file, { chunkBytes: 2048, maxLineBytes: 4096 }));
      expect(log.inWorker()).toBe(true);
      expect(log.bytesRead()).toBe(fs.statSync(file).size);
    }
  }, 60_000);

  /** The nice values of this process's threads now (Linux: field 19 of `/proc/self/task/<id>/stat`). */
  const threadNices = (): number[] =>
    fs.readdirSync('/proc/self/task').flatMap((id) => {
      try {
        const stat = fs.readFileSync(`/proc/self/task/${id}/stat`, 'utf8');
        return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
      } catch {
        return []; // a thread that ended meanwhile
      }
    });

  (fs.existsSync('/proc/thread-self') ? test : test.skip)(
    'the decoding worker runs at the priority workerNice below the caller, WORKER_NICE by default (Linux)',
    async () => {
      const file = write('nice.ndjson', LOG);
      const own = os.getPriority();
      for (const [workerNice, expected] of [
        [undefined, WORKER_NICE],
        [2, 2],
        [0, 0],
      ] as const) {
        const log = await opened(file, {
          worker: true,
          chunkBytes: 1024,
          ...(workerNice === undefined ? {} : { workerNice }),
        });
        const iterator = log.entries[Symbol.asyncIterator]();
        try {
          await iterator.next();
          // The worker now waits for batches to be taken: it is one of this process's threads.
          const lowered = threadNices().filter((nice) => nice !== own);
          expect(lowered).toEqual(expected === 0 ? [] : [Math.min(19, own + expected)]);
        } finally {
          await iterator.return?.();
        }
      }
    },
    60_000,
  );

  test('the same Left errors as openAuditLog, before any worker starts', async () => {
    const missing = path.join(dir, 'nope.ndjson');
    expect(await openDecodedAuditLog(missing, { worker: true })).toEqual(
      E.left({ kind: 'not-found', message: `no such file: ${missing}` }),
    );
    expect(await openDecodedAuditLog(dir, { worker: true })).toEqual(
      E.left({ kind: 'not-a-file', message: `a directory, not a file: ${dir}` }),
    );
  });

  test('stdin and upcasters are read in this thread', async () => {
    const stdin = await opened('-', { worker: true, stdin: Readable.from([Buffer.from(LOG)]), maxLineBytes: 4096 });
    expect(stdin.inWorker()).toBe(false);
    expect(await entriesOf(stdin)).toEqual(await reference(write('same.ndjson', LOG), { maxLineBytes: 4096 }));
    const upcast = await opened(write('up.ndjson', LOG), { worker: true, decode: { upcasters: new Map() } });
    expect(upcast.inWorker()).toBe(false);
  }, 60_000);

  test('a worker file that cannot load: this thread reads the log instead, with the same entries', async () => {
    const file = write('fallback.ndjson', LOG);
    for (const workerFile of [path.join(dir, 'absent.js'), write('throws.js', 'throw new Error("cannot load")')]) {
      const log = await opened(file, { worker: true, workerFile, maxLineBytes: 4096 });
      expect(await entriesOf(log)).toEqual(await reference(file, { maxLineBytes: 4096 }));
      expect(log.inWorker()).toBe(false);
    }
  }, 60_000);

  test('a worker that dies after its first batch: the entries so far, then one read-error problem on the next line (no hang)', async () => {
    const codec = JSON.stringify(path.join(CORE, 'dist', 'cjs', 'node', 'entry-codec.js'));
    const dying = write(
      'dying.js',
      `const { parentPort } = require('node:worker_threads');
       const { EntryEncoder } = require(${codec});
       const batch = new EntryEncoder().encode([{ line: 1, problem: 'first' }, { line: 2, event: { type: 'RecoveryRun', id: 'e1' } }], 10);
       parentPort.postMessage({ batch });
       setTimeout(() => { throw new Error('out of luck') }, 10);`,
    );
    const log = await opened(write('any.ndjson', LOG), { worker: true, workerFile: dying });
    expect(await entriesOf(log)).toEqual([
      { line: 1, problem: 'first' },
      { line: 2, event: { type: 'RecoveryRun', id: 'e1' } },
      { line: 3, problem: 'read error: the decoding worker stopped: out of luck', eventId: null },
    ]);
    expect(log.bytesRead()).toBe(10);
  }, 60_000);

  test('stopping early terminates the worker', async () => {
    const terminate = jest.spyOn(Worker.prototype, 'terminate');
    try {
      const log = await opened(write('early.ndjson', LOG), { worker: true, chunkBytes: 1024 });
      for await (const _batch of log.entries) break;
      expect(terminate).toHaveBeenCalledTimes(1);
    } finally {
      terminate.mockRestore();
    }
  }, 60_000);
});

describe('openDecodedAuditLog from the built packages', () => {
  const script = (file: string) => `
    const log = await openDecodedAuditLog(${JSON.stringify(file)}, { worker: true, maxLineBytes: 4096 });
    let events = 0, problems = 0;
    for await (const batch of log.right.entries) for (const e of batch) 'event' in e ? events++ : problems++;
    console.log(JSON.stringify({ inWorker: log.right.inWorker(), events, problems }));`;
  const node = (args: string[]) =>
    JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 })) as unknown;

  test('the ES module and CommonJS builds find their worker next to them, whatever V8 flags node was started with (--max-old-space-size); a one-file bundle reads in this thread', async () => {
    const file = write('built.ndjson', LOG);
    const expected = { events: 6003, problems: 3 };
    const esm = path.join(CORE, 'dist', 'esm', 'node', 'index.js');
    expect(
      node(['--input-type=module', '-e', `import { openDecodedAuditLog } from ${JSON.stringify(esm)};${script(file)}`]),
    ).toEqual({ inWorker: true, ...expected });
    const cjs = path.join(CORE, 'dist', 'cjs', 'node', 'index.js');
    expect(
      node([
        '-e',
        `const { openDecodedAuditLog } = require(${JSON.stringify(cjs)}); (async () => {${script(file)}})()`,
      ]),
    ).toEqual({ inWorker: true, ...expected });
    const entry = write(
      'bundle-entry.mjs',
      `import { openDecodedAuditLog } from ${JSON.stringify(esm)};${script(file)}`,
    );
    expect(
      node([
        '--max-old-space-size=512',
        '-e',
        `const { openDecodedAuditLog } = require(${JSON.stringify(cjs)}); (async () => {${script(file)}})()`,
      ]),
    ).toEqual({ inWorker: true, ...expected });
    const bundle = path.join(dir, 'bundle.mjs');
    buildSync({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: bundle,
      logLevel: 'error',
    });
    expect(node([bundle])).toEqual({ inWorker: false, ...expected });
  }, 120_000);
});
