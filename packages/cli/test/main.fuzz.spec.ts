/**
 * Fuzz suite (issue 10, "Done when"): hostile logs through the real command,
 * `main` in-process with captured streams. Good lines come from the arbitrary
 * log; bad lines are structural corners that cannot be events (depth, length,
 * numbers, escapes, BOM, NUL, invalid UTF-8, duplicate keys, `__proto__`, huge
 * terms and quantities, a cut) and random mutations of good lines, classified by
 * the core decoder on their own. Properties:
 * - the exit status is 0, 1 or 2, and nothing reads like a stack trace (report, validate, explain);
 * - gzipped, the log reads the same; --strict stops at the first problem the lenient report lists;
 * - every bad line is reported once, as a decode problem on its own line number;
 * - the good lines are applied: the report equals the report of the good lines alone;
 * - memory is bounded by construction: the splitter never holds more of a line than the limit.
 * Seed and runs come from the workspace settings (jest/fast-check-settings.js), as for
 * every property.
 */
import fc from 'fast-check';
import { gzipSync, gunzipSync, constants as zlibConstants } from 'node:zlib';
import { createLineSplitter, decodeLine } from '@license-ledger/core';
import { defaultWorkerFile } from '@license-ledger/core/node';
import { main } from '../src/main';
import { tempDir } from './support/files';
import { arbitraryLog } from './support/arbitrary-log';
import { memoryIo } from './support/io';
import { reportJson } from './support/report-json';
import type { ReportProblem } from '../src/views/report-view';

const MAX_LINE = 2048;
const files = tempDir('fuzz-worker');

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

interface Line {
  readonly bytes: Buffer;
  /** The core decoder's verdict on this line alone (no replay). */
  readonly good: boolean;
}

const classify = (bytes: Buffer): Line => {
  const text = bytes.toString('utf8');
  // Invalid UTF-8, a line over the limit, or what the decoder refuses: bad. Blank lines are not generated.
  const invalidUtf8 = !Buffer.from(text, 'utf8').equals(bytes);
  const good =
    !invalidUtf8 &&
    bytes.byteLength <= MAX_LINE &&
    'event' in decodeLine({ line: 1, text: text.endsWith('\r') ? text.slice(0, -1) : text });
  return { bytes, good };
};

/** A valid event line with `fields` spliced in after its opening brace. */
const splice = (good: string, fields: string): string => `{${fields},${good.slice(1)}`;

const nested = (depth: number): string => '['.repeat(depth) + ']'.repeat(depth);

/** Structural corners, each built from a good line and never an event. */
const corner = (good: string): fc.Arbitrary<Buffer> =>
  fc.oneof(
    fc.integer({ min: 17, max: 3000 }).map((d) => utf8(nested(d))),
    fc.integer({ min: 17, max: 300 }).map((d) => utf8(splice(good, `"quantity":${nested(d)}`))),
    fc.integer({ min: MAX_LINE + 1, max: 3 * MAX_LINE }).map((n) => utf8(`${good.slice(0, -1)}${' '.repeat(n)}}`)),
    fc.integer({ min: MAX_LINE + 1, max: 3 * MAX_LINE }).map((n) => Buffer.alloc(n)), // a run of NUL bytes
    fc
      .constantFrom('1e400', '-0', '9007199254740992', '3.5', '"3"', 'null', '1e-400')
      .map((n) => utf8(splice(good.replace(/,"quantity":\d+/, ''), `"quantity":${n}`))),
    fc.constantFrom('99980000', '9007199254740991', '1e400').map((n) => utf8(splice(good, `"termDays":${n}`))),
    fc
      .constantFrom('"id":"dup"', '"at":"2025-01-01T00:00:00Z"', '"type":"RecoveryRun"')
      .map((f) => utf8(splice(splice(good, f), f))),
    fc.constant(utf8(splice(good, '"__proto__":{"polluted":true}'))),
    fc.constant(utf8(splice(good, '"constructor":{"prototype":{}}'))),
    fc.constantFrom('\\u12', '\\x41', '\\', '\\ud800"').map((e) => utf8(`{"type":"RecoveryRun","id":"${e}`)),
    fc.constant(utf8(`\uFEFF${good}`)), // a BOM is only a BOM on line 1
    fc.constantFrom(0x00, 0x1b, 0x07).map((c) => utf8(`${good.slice(0, 5)}${String.fromCharCode(c)}${good.slice(5)}`)),
    fc
      .constantFrom([0xff], [0xc3], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80])
      .map((b) => Buffer.concat([utf8(good.slice(0, 8)), Buffer.from(b), utf8(good.slice(8))])),
    fc.integer({ min: 1, max: 400 }).map((n) => utf8(good.slice(0, Math.max(1, Math.min(n, good.length - 1))))),
  );

/** A random edit of a good line: may stay an event, or not (the decoder decides). */
const mutant = (good: string): fc.Arbitrary<Buffer> =>
  fc
    .record({
      at: fc.nat(),
      char: fc.constantFrom('"', '\\', '{', '}', ',', ':', '0', 'x', ' ', '\u00e9', '\u2028'),
      op: fc.constantFrom('insert', 'replace', 'delete'),
    })
    .map(({ at, char, op }) => {
      const i = at % good.length;
      const text =
        op === 'insert'
          ? good.slice(0, i) + char + good.slice(i)
          : op === 'replace'
            ? good.slice(0, i) + char + good.slice(i + 1)
            : good.slice(0, i) + good.slice(i + 1);
      return utf8(text);
    });

/** A log: the generated good lines with bad ones between them; CRLF or LF line ends. */
const hostileLog = fc
  .record({
    log: arbitraryLog(25),
    inserts: fc.array(
      fc.record({ at: fc.nat(), kind: fc.constantFrom('corner', 'corner', 'mutant'), pick: fc.nat() }),
      { maxLength: 8 },
    ),
    crlf: fc.boolean(),
  })
  .chain(({ log, inserts, crlf }) => {
    const goods = log.split('\n').filter((l) => l !== '');
    if (goods.length === 0) return fc.constant({ lines: [] as Line[], crlf });
    return fc
      .tuple(
        ...inserts.map((ins) =>
          ins.kind === 'corner'
            ? corner(goods[ins.pick % goods.length] as string)
            : mutant(goods[ins.pick % goods.length] as string),
        ),
      )
      .map((bad) => {
        const lines: Line[] = goods.map((g) => classify(utf8(g)));
        // Corners are bad by construction (not by asking the decoder); mutants are judged by the decoder on their own.
        inserts.forEach((ins, k) => {
          const bytes = bad[k] as Buffer;
          lines.splice(
            ins.at % (lines.length + 1),
            0,
            ins.kind === 'corner' ? { bytes, good: false } : classify(bytes),
          );
        });
        // A BOM opening line 1 is stripped (R-L1): that line is as good as the line after the BOM.
        const first = lines[0];
        if (first !== undefined && first.bytes.subarray(0, 3).equals(Buffer.of(0xef, 0xbb, 0xbf))) {
          lines[0] = { bytes: first.bytes, good: classify(first.bytes.subarray(3)).good };
        }
        return { lines, crlf };
      });
  });

const bytesOf = (lines: readonly Line[], crlf: boolean): Buffer =>
  Buffer.concat(lines.flatMap((l) => [l.bytes, utf8(crlf ? '\r\n' : '\n')]));

const runMain = async (argv: string[], stdin: Buffer) => {
  const io = memoryIo({ stdin });
  const code = await main(argv, io.io);
  return { code, out: io.out(), err: io.err() };
};

type JsonProblem = ReportProblem;

const noStackTrace = (text: string): boolean => !/\n\s+at /.test(text) && !text.includes('internal error');

describe('main (fuzz: hostile logs, issue 10)', () => {
  test(`every bad line is one decode problem on its line, the good lines give the report of the good lines alone`, async () => {
    await fc.assert(
      fc.asyncProperty(hostileLog, async ({ lines, crlf }) => {
        const argv = ['report', '-', '--json', '--max-line-bytes', String(MAX_LINE)];
        const mixed = await runMain(argv, bytesOf(lines, crlf));
        const goodLines = lines.filter((l) => l.good);
        const alone = await runMain(argv, bytesOf(goodLines, crlf));
        expect([0, 1]).toContain(mixed.code);
        expect(noStackTrace(mixed.out + mixed.err)).toBe(true);
        const report = reportJson(mixed.out);
        const reference = reportJson(alone.out);
        // Line numbers: the n-th line of the log is line n; the k-th good line is line k of the reference.
        const badNumbers = lines.flatMap((l, i) => (l.good ? [] : [i + 1]));
        const goodNumbers = lines.flatMap((l, i) => (l.good ? [i + 1] : []));
        const decodeLines = report.problems
          .filter((p: JsonProblem) => p.kind === 'decode')
          .map((p: JsonProblem) => p.line);
        expect(decodeLines).toEqual(badNumbers);
        expect(reference.problems.filter((p: JsonProblem) => p.kind === 'decode')).toEqual([]);
        const rejected = (r: { problems: readonly JsonProblem[] }, lineOf: (n: number) => number) =>
          r.problems
            .filter((p) => p.kind === 'rejected')
            .map((p) => ({ ...p, line: p.line === null ? null : lineOf(p.line) }));
        expect(rejected(report, (n) => n)).toEqual(rejected(reference, (n) => goodNumbers[n - 1] as number));
        expect({ pools: report.pools, svms: report.svms, asOf: report.asOf }).toEqual({
          pools: reference.pools,
          svms: reference.svms,
          asOf: reference.asOf,
        });
        expect({ ...report.events, decodeErrors: 0, read: 0 }).toEqual({ ...reference.events, read: 0 });
        expect(report.events.decodeErrors).toBe(badNumbers.length);
        // validate agrees on which lines are bad, and says so one line each.
        const validate = await runMain(['validate', '-', '--max-line-bytes', String(MAX_LINE)], bytesOf(lines, crlf));
        expect(validate.code).toBe(badNumbers.length === 0 ? 0 : 1);
        expect(noStackTrace(validate.out + validate.err)).toBe(true);
        expect([...validate.out.matchAll(/^line (\d+): /gm)].map((m) => Number(m[1]))).toEqual(badNumbers);
        // Text output: no raw control character from the log reaches the terminal.
        const text = await runMain(['report', '-', '--max-line-bytes', String(MAX_LINE)], bytesOf(lines, crlf));
        expect([...text.out].some((c) => c !== '\n' && (c < ' ' || (c >= '\u007f' && c < '\u00a0')))).toBe(false);
        // The same log gzipped reads the same (R-L1).
        const gzipped = await runMain(argv, gzipSync(bytesOf(lines, crlf)));
        expect(gzipped).toEqual(mixed);
        // --strict stops at the first problem, the first one the lenient report lists (R-L4).
        const strict = await runMain([...argv, '--strict'], bytesOf(lines, crlf));
        expect(strict.code).toBe(report.problems.length === 0 ? 0 : 1);
        expect(reportJson(strict.out).problems).toEqual(report.problems.slice(0, 1));
        // explain answers (0 or 1), or says the machine is unknown (2); never a stack trace.
        const explain = await runMain(
          ['explain', '-', '--machine', 'm1', '--max-line-bytes', String(MAX_LINE)],
          bytesOf(lines, crlf),
        );
        expect([0, 1, 2]).toContain(explain.code);
        expect(noStackTrace(explain.out + explain.err)).toBe(true);
        // Memory, by construction: the splitter never holds more of a line than the limit (+1 for a CR).
        const splitter = createLineSplitter({ maxLineBytes: MAX_LINE });
        const bytes = bytesOf(lines, crlf);
        for (let at = 0; at < bytes.length; at += 997) splitter.push(bytes.subarray(at, at + 997));
        splitter.finish();
        expect(splitter.peakRetained).toBeLessThanOrEqual(MAX_LINE + 1);
      }),
    );
  }, 120_000);

  test(`gzip damage (a cut, trailing garbage, a flipped byte): exit 0 or 1, no stack trace, every line decompressed is applied, at most one gzip problem, last`, async () => {
    const damage = fc.record({
      kind: fc.constantFrom('cut', 'garbage', 'flip'),
      at: fc.nat(),
      byte: fc.integer({ min: 1, max: 255 }),
    });
    await fc.assert(
      fc.asyncProperty(arbitraryLog(40), damage, async (log, d) => {
        const gz = gzipSync(log);
        const damaged =
          d.kind === 'cut'
            ? gz.subarray(0, 2 + (d.at % (gz.length - 2)))
            : d.kind === 'garbage'
              ? Buffer.concat([gz, Buffer.of(d.byte === 0x1f ? 0 : d.byte, 1, 2)])
              : Buffer.from(gz.map((b, i) => (i === 2 + (d.at % (gz.length - 2)) ? b ^ d.byte : b)));
        const argv = ['report', '-', '--json'];
        const result = await runMain(argv, damaged);
        expect([0, 1]).toContain(result.code);
        expect(noStackTrace(result.out + result.err)).toBe(true);
        const report = reportJson(result.out);
        const gzipProblems = report.problems.filter((p: JsonProblem) => p.message.startsWith('gzip stream is corrupt'));
        expect(gzipProblems.length).toBeLessThanOrEqual(1);
        if (gzipProblems.length === 1) expect(report.problems[report.problems.length - 1]).toEqual(gzipProblems[0]);
        if (d.kind !== 'flip') {
          // As zcat: the complete lines of what zlib can decompress are the log; the damage is one problem after them.
          let text: string;
          try {
            text = gunzipSync(damaged.subarray(0, d.kind === 'garbage' ? gz.length : damaged.length), {
              finishFlush: zlibConstants.Z_SYNC_FLUSH,
            }).toString('utf8');
          } catch {
            text = ''; // the cut went through the header
          }
          const complete = d.kind === 'garbage' ? text : text.slice(0, text.lastIndexOf('\n') + 1);
          const reference = reportJson((await runMain(argv, Buffer.from(complete))).out);
          expect({ pools: report.pools, svms: report.svms }).toEqual({ pools: reference.pools, svms: reference.svms });
          expect(report.problems.slice(0, -1)).toEqual(reference.problems);
          expect(gzipProblems).toHaveLength(1);
        }
      }),
    );
  }, 120_000);

  test(`--worker on and off: the same output, problems and exit status, plain, gzipped and --strict`, async () => {
    // Under jest the core runs from its sources and starts the built worker (core's defaultWorkerFile).
    expect(defaultWorkerFile()).toBeDefined();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(hostileLog, async ({ lines, crlf }) => {
        const bytes = bytesOf(lines, crlf);
        const plain = files.write(`w${n}.ndjson`, bytes);
        const gz = files.write(`w${n++}.ndjson.gz`, gzipSync(bytes));
        const limit = ['--max-line-bytes', String(MAX_LINE)];
        for (const argv of [
          ['report', plain, '--json', ...limit],
          ['report', gz, '--json', ...limit],
          ['report', plain, '--strict', ...limit],
          ['validate', gz, ...limit],
        ]) {
          const off = await runMain([...argv, '--worker', 'off'], Buffer.alloc(0));
          const on = await runMain([...argv, '--worker', 'on'], Buffer.alloc(0));
          expect(on).toEqual(off);
        }
      }),
      // Eight commands per case, half of them starting a worker: fewer cases than the global setting.
      { numRuns: Math.min(fc.readConfigureGlobal().numRuns ?? 100, 12) },
    );
  }, 300_000);
});
