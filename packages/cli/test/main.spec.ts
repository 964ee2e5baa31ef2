import fc from 'fast-check';
import { Readable } from 'node:stream';
import { main } from '../src/main';
import { cliVersion } from '../src/version';
import { ndjson, tempDir } from './support/files';
import { memoryIo } from './support/io';
import { SCENARIO } from './support/scenario';


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
      fc.constantFrom('report', 'explain', 'validate', '--json', '--strict', '--as-of', '--machine', '--license', '--svm', '--', log, '2025-01-01T00:00:00Z', 'ws-1'),
      fc.string({ maxLength: 6 }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(word, { maxLength: 6 }), async (argv) => {
        // The log arguments only ever name files, never stdin: stdin is empty here.
        const { code, err } = await run(argv.filter((a) => a !== '-'));
        return [0, 1, 2].includes(code) && (code !== 2 || /^license-ledger: [^\n]*\n$/.test(err)) && !err.includes('    at ');
      }),
    );
  });

  test('an unexpected error is one line and exit 3; the stack only with LEDGER_DEBUG=1', async () => {
    const failing = (env: Record<string, string>) => {
      const err: string[] = [];
      const io = {
        stdout: { write: (): boolean => { throw new Error('disk full\nsecond line'); } },
        stderr: { write: (text: string) => err.push(text) > 0 },
        stdin: Readable.from([]),
        env,
      };
      return { io, err };
    };
    const quiet = failing({});
    expect(await main(['--version'], quiet.io)).toBe(3);
    expect(quiet.err.join('')).toBe('license-ledger: internal error: disk full second line (please report it; LEDGER_DEBUG=1 shows where)\n');
    const debug = failing({ LEDGER_DEBUG: '1' });
    expect(await main(['--version'], debug.io)).toBe(3);
    expect(debug.err.join('')).toContain('    at ');
  });
});
