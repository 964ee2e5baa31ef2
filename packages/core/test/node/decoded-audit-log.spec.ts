import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { buildSync } from 'esbuild';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { decodeLogAsync } from '../../src/log/decode-log';
import type { LogEntry } from '../../src/replay/replayer';
import {
  DEFAULT_DECODED_CHUNK_BYTES,
  decodedWithWorker,
  defaultWorkerFile,
  type DecodedAuditLog,
  type DecodedLogOptions,
  type HeadLimits,
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

const entriesOf = async (log: Pick<DecodedAuditLog, 'entries'>): Promise<LogEntry[]> => {
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

/** The head limits that leave the whole log to the worker, as before the head was decoded here. */
const WORKER_ALONE: HeadLimits = { min: 0, max: 0 };

/** `source` decoded by the worker in `workerFile`, its first `head` batches in this thread (`openDecodedAuditLog`'s worker path). */
const withWorker = async (
  source: string,
  options: { chunkBytes: number; maxLineBytes?: number },
  head?: HeadLimits,
  workerFile: string = BUILT_WORKER,
): Promise<Pick<DecodedAuditLog, 'entries' | 'bytesRead' | 'inWorker'>> => {
  const result = await openAuditLog(source, options);
  if (E.isLeft(result)) throw new Error(result.left.message);
  const log = result.right;
  return decodedWithWorker(workerFile, { path: source, ...options }, log, decodeLogAsync(log.batches), head);
};

/** Lines of every kind (events, bad lines, lines longer than `maxLineBytes` 200, blank lines) for the properties below. */
const GOOD = [event(1), event(3), '{"type":"RecoveryRun","id":"r\\u00e9","at":"2025-01-01T00:00:00Z"}'];
const BAD = [
  '{"type":"LicensePurchased"',
  '{"type":"Nope","id":"x1","at":"2025-01-01T00:00:00Z"}',
  '\uFEFF{"type":"RecoveryRun","id":"b1","at":"2025-01-01T00:00:00Z"}', // a BOM is only the file's on line 1
  'x'.repeat(300),
  `{"type":"RecoveryRun","id":"${'y'.repeat(250)}","at":"2025-01-01T00:00:00Z"}`,
  '',
  '   ',
];

/** Lines joined by LF or CRLF, maybe with a BOM in front and a final newline; some bytes not UTF-8; maybe gzip. */
const logBytes = fc
  .record({
    lines: fc.array(fc.oneof(fc.constantFrom(...GOOD), fc.constantFrom(...BAD)), { maxLength: 80, size: 'medium' }),
    crlf: fc.boolean(),
    bom: fc.boolean(),
    finalNewline: fc.boolean(),
    invalidAt: fc.option(fc.nat(), { nil: undefined }),
    gzip: fc.boolean(),
  })
  .map(({ lines, crlf, bom, finalNewline, invalidAt, gzip }) => {
    const text = (bom ? '\uFEFF' : '') + lines.join(crlf ? '\r\n' : '\n') + (finalNewline ? '\n' : '');
    const bytes = Buffer.from(text, 'utf8');
    if (invalidAt !== undefined && bytes.length > 0) {
      const at = invalidAt % bytes.length;
      if (bytes[at] !== 0x0a) bytes[at] = 0xff; // never a newline: the lines stay the lines
    }
    return gzip ? gzipSync(bytes) : bytes;
  });

let written = 0;

describe('decodedWithWorker', () => {
  test('the same entries, line numbers and problems as this thread alone, wherever the worker takes over (any batch, inside a long line, never), gzip too', async () => {
    // Each run starts a worker: fewer runs than the default.
    let takenOver = 0;
    await fc.assert(
      fc.asyncProperty(
        logBytes,
        fc.integer({ min: 1, max: 96 }),
        fc.option(fc.nat({ max: 12 }), { nil: undefined }),
        async (bytes, chunkBytes, k) => {
          const file = write(`prop-${(written += 1)}.ndjson`, bytes);
          const options = { chunkBytes, maxLineBytes: 200 };
          const expected: LogEntry[][] = [];
          const result = await openAuditLog(file, options);
          if (E.isLeft(result)) throw new Error(result.left.message);
          for await (const batch of decodeLogAsync(result.right.batches)) expected.push([...batch]);
          const log = await withWorker(file, options, k === undefined ? undefined : { min: k, max: k });
          const entries: LogEntry[] = [];
          for await (const batch of log.entries) entries.push(...batch);
          expect(entries).toEqual(expected.flat());
          expect(log.bytesRead()).toBe(bytes.length);
          // Forced to stop after k batches here, this thread leaves the rest to the worker, if there is a rest.
          if (k !== undefined) expect(log.inWorker()).toBe(k < expected.length);
          if (log.inWorker()) takenOver += 1;
        },
      ),
      { numRuns: 40 },
    );
    // Not vacuous: most logs were partly decoded by the worker.
    expect(takenOver).toBeGreaterThan(10);
  }, 180_000);

  test('an empty log, a one-line log, a log smaller than the head: whoever decodes them, the same entries', async () => {
    const files = [write('empty.ndjson', ''), write('one.ndjson', event(1)), write('two.ndjson', `${event(1)}\n`)];
    for (const file of files) {
      const expected = await reference(file, { chunkBytes: 1024 });
      for (const head of [undefined, WORKER_ALONE, { min: 1, max: 1 }, { min: 5, max: 5 }]) {
        const log = await withWorker(file, { chunkBytes: 1024 }, head);
        expect(await entriesOf(log)).toEqual(expected);
        expect(log.bytesRead()).toBe(fs.statSync(file).size);
        expect(log.inWorker()).toBe(head === WORKER_ALONE && expected.length > 0);
      }
    }
  }, 60_000);

  test('lines this thread has handed out are not handed out again when the worker sends them too', async () => {
    // A worker that decodes the whole log from line 1, whatever this thread tells it, in reads of another size than
    // this thread's: its batches end elsewhere, and one has lines on both sides of the last line handed out here.
    const dist = (file: string) => JSON.stringify(path.join(CORE, 'dist', 'cjs', file));
    const deaf = write(
      'deaf.js',
      `const { parentPort, workerData } = require('node:worker_threads');
       const { createReadStream } = require('node:fs');
       const { readBatches } = require(${dist('node/open-audit-log.js')});
       const { decodeLogAsync } = require(${dist('log/decode-log.js')});
       const { EntryEncoder } = require(${dist('node/entry-codec.js')});
       (async () => {
         const progress = { bytes: 0 };
         const encoder = new EntryEncoder();
         const open = () => createReadStream(workerData.path, { highWaterMark: 1000 });
         for await (const entries of decodeLogAsync(readBatches(open, progress, { maxLineBytes: workerData.maxLineBytes }))) {
           parentPort.postMessage({ batch: encoder.encode(entries, progress.bytes) });
         }
         parentPort.postMessage({ end: true });
       })();`,
    );
    const file = write('deaf.ndjson', LOG);
    const options = { chunkBytes: 4096, maxLineBytes: 4096 };
    for (const head of [1, 3, 50]) {
      const log = await withWorker(file, options, { min: head, max: head }, deaf);
      expect(await entriesOf(log)).toEqual(await reference(file, options));
      expect(log.inWorker()).toBe(true);
    }
  }, 60_000);

  test('a worker that dies before it takes over: this thread reads on, with the same entries', async () => {
    const codec = JSON.stringify(path.join(CORE, 'dist', 'cjs', 'node', 'entry-codec.js'));
    const dying = write(
      'dying-early.js',
      `const { parentPort } = require('node:worker_threads');
       const { EntryEncoder } = require(${codec});
       parentPort.postMessage({ batch: new EntryEncoder().encode([{ line: 1, problem: 'first' }], 10) });
       setTimeout(() => { throw new Error('out of luck') }, 10);`,
    );
    const file = write('dying-early.ndjson', LOG);
    const log = await withWorker(file, { chunkBytes: 4096 }, { min: 1, max: 1 }, dying);
    expect(await entriesOf(log)).toEqual(await reference(file, { chunkBytes: 4096 }));
    expect(log.inWorker()).toBe(false);
    expect(log.bytesRead()).toBe(Buffer.byteLength(LOG));
  }, 60_000);

  test('the entries decoded here while the worker starts are of the kind the worker sends: same class, frozen events with the same keys in the same order', async () => {
    const file = write('one-kind.ndjson', LOG);
    const log = await withWorker(file, { chunkBytes: 1024 }, { min: 2, max: 2 });
    const here: LogEntry[] = [];
    const fromWorker: LogEntry[] = [];
    for await (const batch of log.entries) (log.inWorker() ? fromWorker : here).push(...batch);
    expect(here.length).toBeGreaterThan(0);
    expect(fromWorker.length).toBeGreaterThan(0);
    const kind = (entry: LogEntry) =>
      'event' in entry
        ? {
            entry: Object.getPrototypeOf(entry) as unknown,
            frozen: Object.isFrozen(entry.event),
            keys: Object.keys(entry.event).join(','),
            type: entry.event.type,
          }
        : undefined;
    const workerKinds = new Map(fromWorker.map((entry) => [kind(entry)?.type, kind(entry)]));
    let compared = 0;
    for (const entry of here) {
      const mine = kind(entry);
      if (mine === undefined || !workerKinds.has(mine.type)) continue;
      expect(mine).toEqual(workerKinds.get(mine.type));
      expect(mine.entry).toBe(workerKinds.get(mine.type)?.entry);
      compared += 1;
    }
    expect(compared).toBeGreaterThan(0);
  }, 60_000);
});

describe('defaultWorkerFile', () => {
  test('run from the sources, it is the built CommonJS worker', () => {
    expect(defaultWorkerFile()).toBe(BUILT_WORKER);
  });
});

describe('openDecodedAuditLog', () => {
  test('the worker gives the same entries as decoding in this thread: events, every problem once on its line, in order', async () => {
    const file = write('mixed.ndjson', LOG);
    for (const options of [{ chunkBytes: 4096, maxLineBytes: 4096 }, { maxLineBytes: 4096 }]) {
      const expected = await reference(file, options);
      expect(expected.filter((e) => 'problem' in e).map((e) => e.line)).toEqual([3003, 3004, 3006]);
      const alone = await withWorker(file, { chunkBytes: DEFAULT_DECODED_CHUNK_BYTES, ...options }, WORKER_ALONE);
      expect(await entriesOf(alone)).toEqual(expected);
      expect(alone.inWorker()).toBe(true);
      expect(alone.bytesRead()).toBe(Buffer.byteLength(LOG));
      const inWorker = await opened(file, { ...options, worker: true });
      expect(await entriesOf(inWorker)).toEqual(expected);
      expect(inWorker.bytesRead()).toBe(Buffer.byteLength(LOG));
      expect(await entriesOf(await opened(file, { ...options, worker: false }))).toEqual(expected);
    }
  }, 60_000);

  test('this thread decodes the first lines while the worker starts; the worker takes over once it is ahead', async () => {
    const file = write('take-over.ndjson', LOG);
    const expected = await reference(file, { chunkBytes: 1024 });
    const log = await opened(file, { worker: true, chunkBytes: 1024 });
    const entries: LogEntry[] = [];
    const handedOut: boolean[] = [];
    for await (const batch of log.entries) {
      entries.push(...batch);
      handedOut.push(log.inWorker());
      // A slow fold: the worker, started, gets ahead of this thread.
      if (!log.inWorker()) await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(entries).toEqual(expected);
    expect(handedOut[0]).toBe(false);
    expect(handedOut[handedOut.length - 1]).toBe(true);
  }, 60_000);

  test('by default a batch holds at most DEFAULT_DECODED_CHUNK_BYTES of log (plus the line a read ends in), in the worker and in this thread', async () => {
    // A batch's entries stay reachable until the fold has taken all of it: small batches die young.
    const lines = Array.from({ length: 12_000 }, (_, i) => event(i + 1));
    const file = write('big.ndjson', lines.join('\n'));
    expect(fs.statSync(file).size).toBeGreaterThan(4 * DEFAULT_DECODED_CHUNK_BYTES);
    const longest = Math.max(...lines.map((line) => line.length + 1));
    const logs = [
      await opened(file, { worker: false }),
      await opened(file, { worker: true }),
      await withWorker(file, { chunkBytes: DEFAULT_DECODED_CHUNK_BYTES }, WORKER_ALONE),
    ];
    for (const log of logs) {
      const sizes: number[] = [];
      let count = 0;
      for await (const batch of log.entries) {
        count += batch.length;
        sizes.push(batch.reduce((sum, entry) => sum + (lines[entry.line - 1]?.length ?? 0) + 1, 0));
      }
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
      const options = { chunkBytes: 2048, maxLineBytes: 4096 };
      const expected = await reference(file, options);
      const alone = await withWorker(file, options, WORKER_ALONE);
      expect(await entriesOf(alone)).toEqual(expected);
      expect(alone.inWorker()).toBe(true);
      expect(alone.bytesRead()).toBe(fs.statSync(file).size);
      const log = await opened(file, { worker: true, ...options });
      expect(await entriesOf(log)).toEqual(expected);
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
          // The worker starts meanwhile (the first batch was decoded here), then waits for batches to be
          // taken: it is one of this process's threads (the previous case's worker may take a while to end).
          const want = expected === 0 ? [] : [Math.min(19, own + expected)];
          const lowered = (): number[] => threadNices().filter((nice) => nice !== own);
          for (let tries = 0; tries < 100 && JSON.stringify(lowered()) !== JSON.stringify(want); tries++)
            await new Promise((resolve) => setTimeout(resolve, 50));
          expect(lowered()).toEqual(want);
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

  test('a worker that dies after it took over: the entries so far, then one read-error problem on the next line (no hang)', async () => {
    const codec = JSON.stringify(path.join(CORE, 'dist', 'cjs', 'node', 'entry-codec.js'));
    const dying = write(
      'dying.js',
      `const { parentPort } = require('node:worker_threads');
       const { EntryEncoder } = require(${codec});
       const batch = new EntryEncoder().encode([{ line: 1, problem: 'first' }, { line: 2, event: { type: 'RecoveryRun', id: 'e1' } }], 10);
       parentPort.postMessage({ batch });
       setTimeout(() => { throw new Error('out of luck') }, 10);`,
    );
    const log = await withWorker(
      write('any.ndjson', LOG),
      { chunkBytes: DEFAULT_DECODED_CHUNK_BYTES },
      WORKER_ALONE,
      dying,
    );
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
    const log = await openDecodedAuditLog(${JSON.stringify(file)}, { worker: true, maxLineBytes: 4096, chunkBytes: 4096 });
    let events = 0, problems = 0;
    for await (const batch of log.right.entries) {
      for (const e of batch) 'event' in e ? events++ : problems++;
      // A slow fold, so that the worker, once started, takes over from this thread.
      if (!log.right.inWorker()) await new Promise((resolve) => setTimeout(resolve, 10));
    }
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
