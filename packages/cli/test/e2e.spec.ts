/**
 * End-to-end: the built command run as a user runs it (`node packages/cli/dist/cjs/bin.js`),
 * on real files in a temp dir, stdin and gzip.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { ndjson, tempDir } from './support/files';
import { SCENARIO } from './support/scenario';
import { reportJson } from './support/report-json';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'packages', 'cli', 'dist', 'cjs', 'bin.js');
const BUILT_FROM = ['cli', 'core', 'install-remove', 'license-manager', 'key-status', 'timeline'];

const newest = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }, 0);

const stale = (): boolean =>
  BUILT_FROM.some((pkg) => {
    const built = path.join(ROOT, 'packages', pkg, 'dist', 'cjs', 'index.js');
    return !fs.existsSync(built) || fs.statSync(built).mtimeMs < newest(path.join(ROOT, 'packages', pkg, 'src'));
  }) || !fs.existsSync(BIN);

beforeAll(() => {
  if (stale())
    execFileSync(process.execPath, ['scripts/build.mjs', ...BUILT_FROM], {
      cwd: ROOT,
      stdio: 'pipe',
      timeout: 240_000,
    });
}, 300_000);

const files = tempDir('e2e');

const cli = (args: string[], input?: string | Buffer, env: Record<string, string> = {}) => {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, LEDGER_DEBUG: '', ...env },
  });
  return { code: result.status, out: result.stdout, err: result.stderr };
};

const clean = SCENARIO.filter((line) => typeof line !== 'string' && line.id !== 'e10');

describe('license-ledger (built)', () => {
  test('no local time zone: report and explain print the same bytes under UTC and UTC+14 (Pacific/Kiritimati), --as-of a date included', () => {
    const inZone = (tz: string, args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        timeout: 60_000,
        env: { ...process.env, LEDGER_DEBUG: '', TZ: tz },
      }).stdout;
    for (const args of [
      ['report', 'examples/acme-msp.ndjson', '--as-of', '2025-06-01'],
      ['explain', 'examples/acme-msp.ndjson', '--machine', 'ws-hq-07', '--as-of', '2025-06-01'],
      ['explain', 'examples/acme-msp.ndjson', '--license', 'acme-kes#1'],
    ]) {
      const utc = inZone('UTC', args);
      expect(utc).toMatch(/[Aa]s of 2025-/);
      expect(inZone('Pacific/Kiritimati', args)).toBe(utc);
      expect(inZone('America/Los_Angeles', args)).toBe(utc);
    }
  });

  test('timeline and report --html write the same bytes in a time zone far from UTC (Pacific/Kiritimati, UTC+14) as in UTC', () => {
    const acme = path.join(ROOT, 'examples', 'acme-msp.ndjson');
    const outputs = ['UTC', 'Pacific/Kiritimati'].map((TZ) => {
      const svg = files.path(`timeline-${TZ.replace('/', '-')}.svg`);
      const html = files.path(`report-${TZ.replace('/', '-')}.html`);
      const offset = spawnSync(
        process.execPath,
        ['-e', 'process.stdout.write(String(new Date(Date.UTC(2025, 0, 1)).getTimezoneOffset()))'],
        { encoding: 'utf8', env: { ...process.env, TZ } },
      ).stdout;
      expect(
        cli(
          ['timeline', acme, '--to', '2025-12-31T00:00:00Z', '--as-of', '2025-06-01T00:00:00Z', '--out', svg],
          undefined,
          { TZ },
        ).code,
      ).toBe(1);
      expect(cli(['report', acme, '--as-of', '2025-06-01T00:00:00Z', '--html', html], undefined, { TZ }).code).toBe(1);
      return { offset, svg: fs.readFileSync(svg, 'utf8'), html: fs.readFileSync(html, 'utf8') };
    });
    const [utc, kiritimati] = outputs;
    expect([utc?.offset, kiritimati?.offset]).toEqual(['0', '-840']);
    expect(kiritimati?.svg).toBe(utc?.svg);
    expect(kiritimati?.html).toBe(utc?.html);
  });

  test('exit 0: a clean log replays with no problem', () => {
    const { code, out, err } = cli(['report', files.write('clean.ndjson', ndjson(clean))]);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain('p-kes  KES        2    5  g.a           1');
  });

  test('R-L2, R-L3, R-L4: exit 1: every problem is reported in line order and the replay goes on', () => {
    const { code, out } = cli(['report', files.write('problems.ndjson', ndjson(SCENARIO)), '--json']);
    expect(code).toBe(1);
    const report = reportJson(out);
    expect(report.problems.map((p) => [p.line, p.kind, p.rule])).toEqual([
      [9, 'decode', 'R-L2'],
      [10, 'rejected', 'R-X3'],
    ]);
    expect(report.events.applied).toBe(12);
  });

  test('R-L4: --strict stops at the first problem, exit 1', () => {
    const { code, out } = cli(['report', files.write('strict.ndjson', ndjson(SCENARIO)), '--json', '--strict']);
    expect(code).toBe(1);
    const report = reportJson(out);
    expect(report.events).toEqual({ read: 9, applied: 8, skippedDuplicates: 0, rejected: 0, decodeErrors: 1 });
    expect(report.problems).toHaveLength(1);
    expect(report.svms).toEqual([]);
  });

  test('R-L6: two runs over the same log print the same bytes', () => {
    const log = files.write('stable.ndjson', ndjson(SCENARIO));
    const first = cli(['report', log, '--json']);
    const second = cli(['report', log, '--json']);
    expect(first.out.length).toBeGreaterThan(100);
    expect(second.out).toBe(first.out);
  });

  test('R-L1: - reads stdin, and a gzip file gives the same report as the plain one', () => {
    const plain = cli(['report', files.write('same.ndjson', ndjson(SCENARIO)), '--json']);
    const piped = cli(['report', '-', '--json'], ndjson(SCENARIO));
    const gzipped = cli(['report', files.write('same.ndjson.gz', gzipSync(ndjson(SCENARIO))), '--json']);
    expect(piped).toEqual(plain);
    expect(gzipped).toEqual(plain);
  });

  test('R-L2: a truncated gzip log never crashes the tool: the cut line and the corrupt stream are problems', () => {
    const whole = gzipSync(ndjson(clean));
    const { code, out, err } = cli([
      'report',
      files.write('truncated.ndjson.gz', whole.subarray(0, Math.floor(whole.length * 0.6))),
      '--json',
    ]);
    expect(code).toBe(1);
    expect(err).toBe('');
    const problems = reportJson(out).problems;
    expect(problems.at(-1)).toMatchObject({
      kind: 'decode',
      rule: 'R-L2',
      message: expect.stringMatching(/^gzip stream is corrupt/) as unknown,
    });
  });

  test('R-T4: --as-of before the last event: reading stops at the first later event, nothing after it is reported', () => {
    const { code, out } = cli([
      'report',
      files.write('early.ndjson', ndjson(SCENARIO)),
      '--json',
      '--as-of',
      '2025-03-09T08:59:59Z',
    ]);
    // The problems are on lines 9 and 10, never read: exit 0.
    expect(code).toBe(0);
    const report = reportJson(out);
    expect(report.asOf).toBe('2025-03-09T08:59:59Z');
    expect(report.events.read).toBe(5);
    expect(report.pools[0]?.installRemove).toEqual({
      expired: 0,
      applied: 2,
      partial: 0,
      pendingInstalls: 0,
      extended: 0,
      other: 0,
      unused: 3,
    });
  });

  test('R-T4, R-T2, R-X2, R-K5: --as-of after the last event: expiries and take-overs happen', () => {
    const { out } = cli([
      'report',
      files.write('late.ndjson', ndjson(clean)),
      '--json',
      '--as-of',
      '2026-01-02T08:30:00Z',
    ]);
    const report = reportJson(out);
    expect(report.pools[0]?.installRemove).toMatchObject({ expired: 1, applied: 1, extended: 1 });
    expect(report.svms[0]?.slots[0]?.active).toEqual({ keyId: 'K-B', endsAt: '2026-04-11T09:00:00Z' });
  });

  test('exit 2 and one line, no stack trace: no such file, a directory, a bad --as-of, an unknown flag, missing LOG, two subjects', () => {
    const log = files.write('usage.ndjson', ndjson(clean));
    const cases: [string[], RegExp][] = [
      [['report', files.path('nope.ndjson')], /^license-ledger: no such file: /],
      [['report', files.path('')], /^license-ledger: a directory, not a file: /],
      [
        ['report', log, '--as-of', '2025-06-31'],
        /^license-ledger: bad --as-of "2025-06-31": expected a UTC date such as 2025-06-01 or an ISO-8601 UTC instant/,
      ],
      [['report', log, '--verbose'], /^license-ledger: unknown option --verbose for report/],
      [['validate'], /^license-ledger: missing LOG for validate/],
      [['explain', log, '--machine', 'ws-1', '--license', 'p-kes#1'], /^license-ledger: explain takes one subject/],
      [['explain', log, '--license', 'p-kes#99'], /^license-ledger: .* has no license p-kes#99 as of /],
    ];
    for (const [args, message] of cases) {
      const { code, out, err } = cli(args);
      expect({ args, code, out }).toEqual({ args, code: 2, out: '' });
      expect(err).toMatch(message);
      expect(err.split('\n')).toHaveLength(2);
    }
  });

  // /dev/full (Linux) fails every write with ENOSPC, as a full disk does.
  (fs.existsSync('/dev/full') ? test : test.skip)(
    'output that cannot be written (ENOSPC) is one line and exit 3, not a stack trace nor exit 1',
    () => {
      const run = (env: Record<string, string>) => {
        const full = fs.openSync('/dev/full', 'w');
        try {
          const result = spawnSync(process.execPath, [BIN, 'report', files.write('full.ndjson', ndjson(SCENARIO))], {
            cwd: ROOT,
            stdio: ['ignore', full, 'pipe'],
            encoding: 'utf8',
            timeout: 60_000,
            env: { ...process.env, ...env },
          });
          return { code: result.status, err: result.stderr };
        } finally {
          fs.closeSync(full);
        }
      };
      expect(run({ LEDGER_DEBUG: '' })).toEqual({
        code: 3,
        err: 'license-ledger: cannot write the output: ENOSPC: no space left on device, write\n',
      });
      const debug = run({ LEDGER_DEBUG: '1' });
      expect(debug.code).toBe(3);
      expect(debug.err).toMatch(/^license-ledger: cannot write the output: ENOSPC[^\n]*\n[\s\S]* {4}at /);
    },
  );

  test('R-L2: validate lists the lines that do not decode, exit 1; a clean log exits 0', () => {
    const bad = cli(['validate', files.write('validate.ndjson', ndjson(SCENARIO))]);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/^line 9: not valid JSON/);
    expect(cli(['validate', '-'], ndjson(clean)).code).toBe(0);
  });

  test('explain: a license history with the rule of each step, and the counts it is in', () => {
    const { code, out } = cli(['explain', files.write('explain.ndjson', ndjson(clean)), '--license', 'p-kes#2']);
    expect(code).toBe(0);
    expect(out).toContain('Counted in: Install/Remove "Pending Installs" (R-V1)');
    expect(out).toContain('2025-03-09T09:00:00Z  e6     R-U1  partial   ws-2           300');
  });

  test('no progress bar when stderr is piped, even for a large log; --version and --help', () => {
    const big = files.write('big.ndjson', Buffer.alloc(9 * 1024 * 1024, 0x0a));
    expect(cli(['report', big])).toMatchObject({ code: 0, err: '' });
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', 'cli', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(cli(['--version'])).toEqual({ code: 0, out: `${manifest.version}\n`, err: '' });
    expect(cli(['explain', '--help']).out).toMatch(/^Usage: license-ledger explain LOG/);
  });

  // util-linux `script` runs the command on a pseudo-terminal, as a person at a terminal would.
  const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;
  (hasScript ? test : test.skip)(
    'a progress bar on a terminal for a large log, erased at the end; none with --json',
    () => {
      // 9 MiB of events (a file of blank lines has no batch of lines to report progress on).
      const line = (i: number) =>
        `{"type":"CleanDatabaseRun","id":"c${String(i).padStart(7, '0')}","at":"2025-01-01T00:00:00Z"}\n`;
      const count = Math.ceil((9 * 1024 * 1024) / line(0).length);
      const big = files.write('big-tty.ndjson', Array.from({ length: count }, (_, i) => line(i)).join(''));
      const onTerminal = (args: string[]) => {
        const command = [process.execPath, BIN, ...args].map((word) => `'${word}'`).join(' ');
        const result = spawnSync('script', ['-qec', command, '/dev/null'], {
          cwd: ROOT,
          encoding: 'utf8',
          timeout: 60_000,
          env: { ...process.env, NO_COLOR: '1' },
        });
        return { code: result.status, out: result.stdout };
      };
      const report = onTerminal(['report', big]);
      expect(report.code).toBe(0);
      expect(report.out).toMatch(/\] 100% {2}9\.\d\/9\.\d MiB \S*big-tty\.ndjson/);
      // The last frame is wiped with spaces before the report starts, on the same line.
      expect(report.out).toMatch(/\r {20,}\rReport of /);
      const json = onTerminal(['report', big, '--json']);
      expect(json.code).toBe(0);
      expect(json.out).not.toContain('MiB');
    },
  );

  describe('examples/acme-msp.ndjson (numbers worked out by hand in examples/README.md)', () => {
    const example = path.join(ROOT, 'examples', 'acme-msp.ndjson');

    test('R-V1, R-V2, R-V3, R-D1, R-D4, R-X4, R-I5: the Globex pools and the Acme seat pools', () => {
      const { code, out } = cli(['report', example, '--json']);
      expect(code).toBe(1);
      const report = reportJson(out);
      const pool = (id: string) => report.pools.find((p) => p.poolId === id);
      expect(pool('globex-kes')).toEqual({
        poolId: 'globex-kes',
        module: 'KES',
        installRemove: { expired: 8, applied: 1, partial: 0, pendingInstalls: 0, extended: 0, other: 0, unused: 1 },
        licenseManager: { used: 9, max: 10, groups: [{ groupId: 'globex.office', machines: 6 }] },
      });
      expect(pool('globex-kam')?.installRemove).toMatchObject({ applied: 5, unused: 1 });
      expect(pool('globex-kam')?.licenseManager.groups).toEqual([{ groupId: 'globex.office', machines: 4 }]);
      expect(pool('acme-budr')?.installRemove).toMatchObject({ applied: 11, unused: 9 });
      expect(pool('acme-kav')?.licenseManager.groups).toEqual([
        { groupId: 'acme.branch', machines: 6 },
        { groupId: 'acme.hq', machines: 17 },
      ]);
    });

    test('R-L2, R-L3, R-L5, R-T1, R-X3, R-I5: the deliberate problems, and the repeated line skipped', () => {
      const report = reportJson(cli(['report', example, '--json']).out);
      expect(report.problems.map((p) => `${p.line} ${p.rule}`)).toEqual([
        '156 R-X3',
        '167 R-L2',
        '176 R-L2',
        '194 R-T1',
        '235 R-I5',
        '248 R-L5',
      ]);
      expect(report.events.skippedDuplicates).toBe(1);
    });

    test('R-K3, R-K5: key slots at the end of the log', () => {
      const report = reportJson(cli(['report', example, '--json']).out);
      const slots = report.svms.flatMap((svm) =>
        svm.slots.map((slot) => `${svm.svmId} ${slot.type} ${slot.status} ${slot.active?.endsAt ?? '-'}`),
      );
      expect(slots).toEqual([
        'svm-a1 desktop unlicensed -',
        'svm-a1 server licensed 2026-01-09T00:00:00Z',
        'svm-a2 server licensed 2026-01-09T06:00:00Z',
        'svm-g1 cores renewal-failed -',
        'svm-g2 desktop unlicensed -',
      ]);
    });
  });

  test('F8: the exit status never depends on the reader: `report … | head -1` and `validate … | head -1` still exit 1 on a log with problems', () => {
    const log = files.write('many-problems.ndjson', `${JSON.stringify(clean[0])}\n${'[]\n'.repeat(100_000)}`);
    for (const args of [
      ['report', log],
      ['report', log, '--json'],
      ['validate', log],
    ]) {
      const shell = `node ${JSON.stringify(BIN)} ${args.map((a) => JSON.stringify(a)).join(' ')} 2>stderr.txt | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat stderr.txt`;
      const result = spawnSync('bash', ['-c', shell], { cwd: path.dirname(log), encoding: 'utf8', timeout: 60_000 });
      expect({ args, out: result.stdout }).toEqual({ args, out: '1\n' });
    }
  });

  test('F8: EPIPE on stderr (its reader gone) is no uncaught exception: bad usage still exits 2', () => {
    // The reader of stderr (`true`) has exited before the command writes its one line.
    const shell = `{ sleep 0.5; node ${JSON.stringify(BIN)} report /no/such/file.ndjson; } 2>&1 >/dev/null | true; echo "\${PIPESTATUS[0]}"`;
    const result = spawnSync('bash', ['-c', shell], { encoding: 'utf8', timeout: 60_000 });
    expect(result.stdout).toBe('2\n');
  });

  test('F5: a gzip bomb (1 GiB of zeros in one line, ~1 MB compressed) is one "line too long" problem; the line after it is applied; peak memory stays below half the line', () => {
    // Sixteen gzip members of 64 MiB of zeros each: one line of 1 GiB, made in a fraction of a second.
    const member = gzipSync(Buffer.alloc(64 << 20), { level: 9 });
    const bomb = files.write(
      'bomb.ndjson.gz',
      Buffer.concat([...Array.from({ length: 16 }, () => member), gzipSync(`\n${JSON.stringify(clean[0])}\n`)]),
    );
    expect(fs.statSync(bomb).size).toBeLessThan(1 << 21);
    // Reports the child's peak RSS when it exits.
    const probe = files.write(
      'rss-probe.cjs',
      `process.on('exit', () => require('fs').writeSync(2, 'maxRSS ' + process.resourceUsage().maxRSS + '\\n')); require(${JSON.stringify(BIN)});`,
    );
    const result = spawnSync(process.execPath, [probe, 'report', bomb, '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(result.status).toBe(1);
    const report = reportJson(result.stdout);
    expect(report.problems).toEqual([
      {
        line: 1,
        eventId: null,
        kind: 'decode',
        rule: 'R-L2',
        message: 'line too long: more than 1048576 bytes (the limit is maxLineBytes, --max-line-bytes)',
      },
    ]);
    expect(report.events.applied).toBe(1);
    const maxRssKb = Number(/maxRSS (\d+)/.exec(result.stderr)?.[1]);
    expect(maxRssKb).toBeGreaterThan(0);
    // A reader that held the line, or even half of it, would pass 512 MiB; one that drops it
    // peaks at a fraction of that (130–220 MB seen, whatever the garbage collector lets pile up).
    expect(maxRssKb).toBeLessThan(512 * 1024);
  }, 180_000);
});
