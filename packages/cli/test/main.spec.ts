import fc from 'fast-check';
import * as fs from 'node:fs';
import * as os from 'node:os';
import { Readable } from 'node:stream';
import { main } from '../src/main';
import { cliVersion } from '../src/version';
import { ndjson, tempDir } from './support/files';
import { memoryIo, memoryStream } from './support/io';
import { SCENARIO } from './support/scenario';
import { reportJson } from './support/report-json';

const files = tempDir('main');

const run = async (argv: string[], stdin?: string) => {
  const io = memoryIo(stdin === undefined ? {} : { stdin });
  const code = await main(argv, io.io);
  return { code, out: io.out(), err: io.err() };
};

describe('main', () => {
  test('--version prints the package version; --help the usage; both exit 0', async () => {
    expect(await run(['--version'])).toEqual({ code: 0, out: `${cliVersion()}\n`, err: '' });
    const help = await run(['report', '--help']);
    expect(help.code).toBe(0);
    expect(help.out.startsWith('Usage: license-ledger report LOG')).toBe(true);
  });

  test('runs each command: report (exit 1 on problems), explain, validate', async () => {
    const log = files.write('scenario.ndjson', ndjson(SCENARIO));
    expect((await run(['report', log, '--json'])).code).toBe(1);
    expect((await run(['explain', log, '--svm', 'svm-1'])).out).toContain('SVM svm-1: cluster c1');
    expect((await run(['validate', '-'], ndjson(SCENARIO.slice(0, 3)))).code).toBe(0);
  });

  test('bad usage: exit 2, nothing on stdout, exactly one line on stderr starting with "license-ledger: "', async () => {
    const log = files.write('ok.ndjson', ndjson(SCENARIO.slice(0, 1)));
    const cases = [
      [],
      ['report'],
      ['report', files.path('nope.ndjson')],
      ['report', files.path('')],
      ['report', log, '--as-of', '2025-13-01T00:00:00Z'],
      ['report', log, '--colour'],
      ['explain', log, '--machine', 'ws-1', '--license', 'p#1'],
      ['explain', log, '--machine', 'ws-404'],
    ];
    for (const argv of cases) {
      const { code, out, err } = await run(argv);
      expect({ argv, code, out }).toEqual({ argv, code: 2, out: '' });
      expect(err).toMatch(/^license-ledger: [^\n]+\n$/);
    }
  });

  test(`never throws: any argv ends in an exit status, and exit 2 always comes with one line`, async () => {
    const log = files.write('any.ndjson', ndjson(SCENARIO.slice(0, 3)));
    const word = fc.oneof(
      fc.constantFrom(
        'report',
        'explain',
        'validate',
        '--json',
        '--strict',
        '--as-of',
        '--machine',
        '--license',
        '--svm',
        '--',
        log,
        '2025-01-01T00:00:00Z',
        'ws-1',
      ),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (argv) => {
        // The log arguments only ever name files, never stdin: stdin is empty here.
        const { code, err } = await run(argv.filter((a) => a !== '-'));
        return (
          [0, 1, 2].includes(code) && (code !== 2 || /^license-ledger: [^\n]*\n$/.test(err)) && !err.includes('    at ')
        );
      }),
    );
  });

  test('an unexpected error is one line and exit 3; the stack only with LEDGER_DEBUG=1', async () => {
    const failing = (env: Record<string, string>) => {
      const err: string[] = [];
      const io = {
        stdout: {
          write: (): boolean => {
            throw new Error('disk full\nsecond line');
          },
        },
        stderr: { write: (text: string) => err.push(text) > 0 },
        stdin: Readable.from([]),
        env,
      };
      return { io, err };
    };
    const quiet = failing({});
    expect(await main(['--version'], quiet.io)).toBe(3);
    expect(quiet.err.join('')).toBe(
      'license-ledger: internal error: disk full second line (please report it; LEDGER_DEBUG=1 shows where)\n',
    );
    const debug = failing({ LEDGER_DEBUG: '1' });
    expect(await main(['--version'], debug.io)).toBe(3);
    expect(debug.err.join('')).toContain('    at ');
  });
});

const purchase = (id: string, poolId: string, at = '2025-01-01T00:00:00Z', extra = {}) =>
  JSON.stringify({ type: 'LicensePurchased', id, at, poolId, module: 'KES', quantity: 3, ...extra });

/** No control character but the line feeds that end lines. */
const hasControl = (text: string): boolean =>
  [...text].some((c) => c !== '\n' && (c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) < 0xa0)));

describe('main (hostile input, issue 10)', () => {
  const reportOf = async (argv: string[], stdin: string) => {
    const result = await run(argv, stdin);
    return {
      ...result,
      /** The JSON report the command printed; a test reading it without `--json` fails here. */
      get json() {
        if (!argv.includes('--json') || result.out === '') throw new Error(`no JSON report from ${argv.join(' ')}`);
        return reportJson(result.out);
      },
    };
  };

  test.each([5_000, 100_000])(
    'R-L2 (F1): a line nested %i deep, at top level or inside a known field, is a problem of its line; the lines after it are applied',
    async (depth) => {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const log = [
        purchase('e1', 'p'),
        deep,
        purchase('e2', 'q').replace('"quantity":3', `"quantity":${deep}`),
        purchase('e3', 'r', '2025-01-02T00:00:00Z'),
        '',
      ].join('\n');
      const report = await reportOf(['report', '-', '--json'], log);
      expect(report.code).toBe(1);
      expect(report.json.problems.map((p) => [p.line, p.message])).toEqual([
        [2, 'line: expected at most 16 levels of nesting, got more'],
        [3, 'quantity: expected at most 16 levels of nesting, got more'],
      ]);
      expect(report.json.pools.map((p) => p.poolId)).toEqual(['p', 'r']);
      const validate = await run(['validate', '-'], log);
      expect(validate.code).toBe(1);
      expect(validate.out).toContain('line 3: quantity: expected at most 16 levels of nesting, got more\n');
      const explain = await run(['explain', '-', '--license', 'r#1'], log);
      expect([explain.code, explain.out.includes('License r#1')]).toEqual([1, true]);
      expect(explain.err).toBe('license-ledger: note: the log has 2 problems; license-ledger report lists them\n');
    },
  );

  test('R-L4 (F2): 200 000 problems: exit 1 with the report; the first 100 000 listed, the rest counted exactly, text and JSON', async () => {
    // `[]` is valid JSON but no event: a problem that costs no exception, so the test stays fast.
    const log = `${purchase('e1', 'p')}\n${'[]\n'.repeat(200_000)}`;
    const json = await reportOf(['report', '-', '--json'], log);
    expect(json.code).toBe(1);
    expect(json.json.events).toEqual({
      read: 200_001,
      applied: 1,
      skippedDuplicates: 0,
      rejected: 0,
      decodeErrors: 200_000,
    });
    expect(json.json.problems).toHaveLength(100_000);
    expect(json.json.problems[99_999]?.line).toBe(100_001);
    expect(json.json.problemsNotListed).toBe(100_000);
    const text = await run(['report', '-', '--max-problems', '10'], log);
    expect(text.code).toBe(1);
    expect(text.out).toContain('Problems (200000 problems)\n');
    expect(text.out).toContain('… and 199990 more problems not listed (only the first 10 are kept: --max-problems)\n');
    const explain = await run(
      ['explain', '-', '--license', 'p#1', '--max-problems', '0'],
      `${purchase('e1', 'p')}\n${'[]\n'.repeat(10_000)}`,
    );
    expect([explain.code, explain.err]).toEqual([
      1,
      'license-ledger: note: the log has 10000 problems; license-ledger report lists them\n',
    ]);
  });

  test('R-L2 (F6): a term whose end could not be printed is a decode error of its line, never exit 3', async () => {
    const key = { keyId: 'K', type: 'server', edition: 'standard', subscription: false, termDays: 99_980_000 };
    const log = [
      purchase('e1', 'p', '2025-01-01T00:00:00Z', { termDays: Number.MAX_SAFE_INTEGER }),
      JSON.stringify({ type: 'SvmRegistered', id: 'e2', at: '2025-01-01T00:00:00Z', svmId: 's', clusterId: 'c' }),
      JSON.stringify({ type: 'KeyActivated', id: 'e3', at: '2025-01-01T00:00:00Z', svmId: 's', key }),
      purchase('e4', 'q', '9999-12-31T23:59:59Z', { termDays: 97_067_103 }),
      '',
    ].join('\n');
    const report = await reportOf(['report', '-', '--json', '--as-of', '9999-12-31T23:59:59Z'], log);
    expect(report.code).toBe(1);
    expect(report.json.problems.map((p) => [p.line, p.message.split(',')[0]])).toEqual([
      [1, 'termDays: expected an integer from 1 to 97067103 (days)'],
      [3, 'key.termDays: expected an integer from 1 to 97067103 (days)'],
    ]);
    const explain = await run(['explain', '-', '--license', 'q#1', '--as-of', '9999-12-31T23:59:59Z'], log);
    expect(explain.code).toBe(1);
  });

  test('R-L1: 0000-02-29 is a day (year 0 is a leap year); 1e400 is described as Infinity', async () => {
    const log = `${purchase('e1', 'p', '0000-02-29T00:00:00Z')}\n${purchase('e2', 'q', '0000-03-01T00:00:00Z').replace('"quantity":3', '"quantity":1e400')}\n`;
    const report = await reportOf(['report', '-', '--json'], log);
    expect(report.json.asOf).toBe('0000-02-29T00:00:00Z');
    expect(report.json.problems[0]?.message).toBe(
      'quantity: expected an integer from 1 to 1000000000, got Infinity (a number out of range)',
    );
  });

  test('R-L2 (F5): a line longer than --max-line-bytes is one problem with its number; the lines around it are applied', async () => {
    const log = `${purchase('e1', 'p')}\n${'0'.repeat(5_000)}\n${purchase('e2', 'q')}\n`;
    const validate = await run(['validate', '-', '--max-line-bytes', '1000'], log);
    expect([validate.code, validate.out]).toEqual([
      1,
      'line 2: line too long: more than 1000 bytes (the limit is maxLineBytes, --max-line-bytes)\n<stdin>: 3 lines read, 2 events decoded, 1 problem\n',
    ]);
  });

  test('R-L2: a duplicate key is a decode problem; a machine id with \\r\\n or a terminal escape is printed escaped', async () => {
    const forged = 'ws-1\r\nAgent: live\u001b[2J';
    const log = [
      purchase('e1', 'p'),
      JSON.stringify({
        type: 'InstallRequested',
        id: 'e2',
        at: '2025-01-02T00:00:00Z',
        poolId: 'p',
        machineId: forged,
        groupId: 'g',
      }),
      '{"type":"RecoveryRun","id":"e3","at":"2025-01-03T00:00:00Z","at":"2025-01-04T00:00:00Z"}',
      '\u001b[31mnot json',
      '',
    ].join('\n');
    const explain = await run(['explain', '-', '--machine', forged], log);
    expect(explain.out).toContain('Machine ws-1\\r\\nAgent: live\\x1b[2J: group g');
    expect(hasControl(explain.out)).toBe(false);
    const validate = await run(['validate', '-'], log);
    expect(validate.out).toContain('line 3: at: expected each key once per object, got it twice\n');
    expect(validate.out).toContain('line 4: not valid JSON: Unexpected token');
    expect(hasControl(validate.out)).toBe(false);
    const report = await run(['report', '-'], log);
    expect(hasControl(report.out)).toBe(false);
  });

  test('R-L1: stdin redirected from a directory is bad usage (exit 2, one line), not an empty log', async () => {
    const fd = fs.openSync(os.tmpdir(), 'r');
    try {
      const out = memoryStream();
      const err = memoryStream();
      const code = await main(['report', '-'], {
        stdout: out,
        stderr: err,
        stdin: Object.assign(Readable.from([]), { fd }),
        env: {},
      });
      expect([code, out.text(), err.text()]).toEqual([
        2,
        '',
        'license-ledger: standard input is a directory, not a file\n',
      ]);
    } finally {
      fs.closeSync(fd);
    }
  });
});
