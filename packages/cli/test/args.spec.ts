import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { formatInstant, instant } from '@license-ledger/core';
import { parseArgs } from '../src/args';

const right = (argv: string[]) => {
  const parsed = parseArgs(argv);
  if (E.isLeft(parsed)) throw new Error(`expected ${argv.join(' ')} to parse: ${parsed.left}`);
  return parsed.right;
};
const left = (argv: string[]) => {
  const parsed = parseArgs(argv);
  if (E.isRight(parsed)) throw new Error(`expected ${argv.join(' ')} not to parse`);
  return parsed.left;
};

describe('parseArgs', () => {
  test('report with every option, in any position, with --opt value and --opt=value', () => {
    expect(right(['report', 'a.ndjson'])).toEqual({
      kind: 'report',
      log: 'a.ndjson',
      asOf: null,
      json: false,
      strict: false,
      html: null,
    });
    expect(
      right(['report', '--json', '--as-of', '2025-06-01T00:00:00Z', '--strict', 'a.ndjson', '--html', 'r.html']),
    ).toEqual({
      kind: 'report',
      log: 'a.ndjson',
      asOf: Date.parse('2025-06-01T00:00:00Z'),
      json: true,
      strict: true,
      html: 'r.html',
    });
    expect(right(['report', 'a.ndjson', '--as-of=2025-06-01T00:00:00.250Z'])).toMatchObject({
      asOf: Date.parse('2025-06-01T00:00:00.250Z'),
    });
  });

  test('import LOG --ledger ID, into --store or the default PGlite directory', () => {
    expect(right(['import', 'a.ndjson', '--ledger', 'acme'])).toEqual({
      kind: 'import',
      log: 'a.ndjson',
      store: 'license-ledger-store',
      ledger: 'acme',
      progress: false,
    });
    expect(right(['import', 'a.ndjson', '--ledger=acme', '--store', 'postgres://u@h/db'])).toMatchObject({
      store: 'postgres://u@h/db',
    });
    expect(right(['import', 'a.ndjson', '--ledger', 'acme', '--progress'])).toMatchObject({ progress: true });
    expect(left(['import', 'a.ndjson'])).toBe('import needs --ledger ID (the ledger to append the log to)');
  });

  test('report --ledger ID reads a ledger from a store instead of a LOG, not both', () => {
    expect(right(['report', '--ledger', 'acme', '--json'])).toEqual({
      kind: 'report-store',
      store: 'license-ledger-store',
      ledger: 'acme',
      asOf: null,
      json: true,
      strict: false,
    });
    expect(right(['report', '--store', 'dir', '--ledger', 'acme'])).toMatchObject({
      kind: 'report-store',
      store: 'dir',
    });
    expect(left(['report', '--store', 'dir'])).toBe('report --store needs --ledger ID (the ledger to report on)');
    expect(left(['report', 'a.ndjson', '--ledger', 'acme'])).toBe(
      'unexpected argument a.ndjson: report reads a LOG or a --ledger from a store, not both',
    );
  });

  test('timeline: --out is required, --pool may be repeated, instants are checked and --from may not come after --to', () => {
    expect(right(['timeline', 'a.ndjson', '--out', 't.svg'])).toEqual({
      kind: 'timeline',
      log: 'a.ndjson',
      from: null,
      to: null,
      pools: [],
      asOf: null,
      out: 't.svg',
    });
    expect(
      right([
        'timeline',
        '--pool',
        'p1',
        'a.ndjson',
        '--pool=p2',
        '--from',
        '2025-01-01T00:00:00Z',
        '--to',
        '2026-01-01T00:00:00Z',
        '--as-of',
        '2025-06-01T00:00:00Z',
        '--out',
        '-',
      ]),
    ).toEqual({
      kind: 'timeline',
      log: 'a.ndjson',
      from: Date.parse('2025-01-01T00:00:00Z'),
      to: Date.parse('2026-01-01T00:00:00Z'),
      pools: ['p1', 'p2'],
      asOf: Date.parse('2025-06-01T00:00:00Z'),
      out: '-',
    });
    expect(left(['timeline', 'a.ndjson'])).toBe('timeline needs --out FILE (an .svg file, or - for stdout)');
    expect(left(['timeline', 'a.ndjson', '--out', 't.svg', '--to', 'soon'])).toBe(
      'bad --to "soon": expected a UTC date such as 2025-06-01 or an ISO-8601 UTC instant such as 2025-01-15T09:30:00Z',
    );
    expect(
      left([
        'timeline',
        'a.ndjson',
        '--out',
        't.svg',
        '--from',
        '2026-01-01T00:00:00Z',
        '--to',
        '2025-01-01T00:00:00Z',
      ]),
    ).toBe('--from is after --to: the timeline would be empty');
    expect(left(['timeline', 'a.ndjson', '--out', 'a.svg', '--out', 'b.svg'])).toBe('option --out is given twice');
    expect(left(['timeline', 'a.ndjson', '--out', 'a.svg', '--json'])).toBe(
      'unknown option --json for timeline; see license-ledger timeline --help',
    );
  });

  test('R-L1: LOG may be - for stdin, and a LOG that starts with a dash goes after --', () => {
    expect(right(['validate', '-'])).toEqual({ kind: 'validate', log: '-' });
    expect(right(['report', '--json', '--', '--odd-name.ndjson'])).toMatchObject({
      log: '--odd-name.ndjson',
      json: true,
    });
    expect(right(['report', 'a.ndjson', '--from-snapshot', 'a.snap', '--save-snapshot=b.snap'])).toEqual({
      kind: 'report',
      log: 'a.ndjson',
      asOf: null,
      json: false,
      strict: false,
      html: null,
      fromSnapshot: 'a.snap',
      saveSnapshot: 'b.snap',
    });
    expect(left(['report', 'a.ndjson', '--save-snapshot'])).toBe('option --save-snapshot needs a value');
  });

  test('explain takes exactly one subject', () => {
    expect(right(['explain', 'a.ndjson', '--machine', 'ws-001'])).toEqual({
      kind: 'explain',
      log: 'a.ndjson',
      subject: { kind: 'machine', id: 'ws-001' },
      asOf: null,
      json: false,
    });
    expect(right(['explain', 'a.ndjson', '--license=acme-kes#3', '--json'])).toMatchObject({
      subject: { kind: 'license', id: 'acme-kes#3' },
      json: true,
    });
    expect(right(['explain', 'a.ndjson', '--svm', 'svm-1'])).toMatchObject({ subject: { kind: 'svm', id: 'svm-1' } });
    expect(left(['explain', 'a.ndjson'])).toMatch(/needs one of --machine/);
    expect(left(['explain', 'a.ndjson', '--machine', 'm', '--license', 'l'])).toBe(
      'explain takes one subject, not both --machine and --license',
    );
  });

  test('R-T1: --as-of must be a UTC date or an ISO-8601 UTC instant; offsets and impossible days are refused', () => {
    for (const bad of [
      'yesterday',
      '2025-6-1',
      '2025-02-29',
      '2025-06-01T00:00:00+02:00',
      '2025-02-29T00:00:00Z',
      '2025-06-01 00:00:00Z',
    ]) {
      expect(left(['report', 'a.ndjson', '--as-of', bad])).toBe(
        `bad --as-of ${JSON.stringify(bad)}: expected a UTC date such as 2025-06-01 or an ISO-8601 UTC instant such as 2025-01-15T09:30:00Z`,
      );
    }
  });

  test('--as-of 2025-06-01 is that day at 00:00 UTC, whatever the local time zone', () => {
    expect(right(['report', 'a.ndjson', '--as-of', '2025-06-01'])).toMatchObject({
      asOf: Date.parse('2025-06-01T00:00:00Z'),
    });
    expect(right(['explain', 'a.ndjson', '--license', 'p#1', '--as-of', '2024-02-29'])).toMatchObject({
      asOf: Date.parse('2024-02-29T00:00:00Z'),
    });
  });

  test('R-T1: every instant written as the log writes it is accepted as --as-of and means that instant', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.parse('1970-01-01T00:00:00Z'), max: Date.parse('9999-12-31T23:59:59.999Z') }),
        (ms) => {
          const parsed = parseArgs(['report', 'a.ndjson', '--as-of', formatInstant(instant(ms))]);
          return E.isRight(parsed) && parsed.right.kind === 'report' && parsed.right.asOf === ms;
        },
      ),
    );
  });

  test('bad usage is a one-line message: unknown option, missing LOG, a second LOG, a value missing or given twice', () => {
    expect(left(['report', 'a.ndjson', '--jsn'])).toBe(
      'unknown option --jsn for report; see license-ledger report --help',
    );
    expect(left(['report', 'a.ndjson', '-x'])).toBe('unknown option -x for report; see license-ledger report --help');
    expect(left(['validate', 'a.ndjson', '--json'])).toBe(
      'unknown option --json for validate; see license-ledger validate --help',
    );
    expect(left(['report'])).toBe('missing LOG for report (a path, or - for stdin)');
    expect(left(['report', 'a', 'b'])).toBe('unexpected argument b: report reads one LOG');
    expect(left(['report', 'a', '--as-of'])).toBe('option --as-of needs a value');
    expect(left(['explain', 'a', '--machine', '--json'])).toBe('option --machine needs a value');
    expect(left(['explain', 'a', '--machine='])).toBe('option --machine needs a value');
    expect(left(['report', 'a', '--json', '--json'])).toBe('option --json is given twice');
    expect(left(['report', 'a', '--json=yes'])).toBe('option --json takes no value');
    expect(left([])).toMatch(/^missing command/);
    expect(left(['reprot', 'a'])).toBe(
      'unknown command reprot; commands are report, explain, validate, timeline and import',
    );
    expect(left(['--json', 'report'])).toMatch(/^unknown option --json; a command comes first/);
  });

  test('is total: any argv is a command or a message, never an exception', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'report',
        'explain',
        'validate',
        'help',
        '--json',
        '--strict',
        '--as-of',
        '--machine',
        '--license',
        '--svm',
        '-',
        '--',
        '-h',
      ),
      fc.string(),
    );
    fc.assert(
      fc.property(fc.array(word, { maxLength: 8 }), (argv) => {
        const parsed = parseArgs(argv);
        return E.isRight(parsed) ? typeof parsed.right.kind === 'string' : parsed.left.length > 0;
      }),
    );
  });

  test('--help wins over every other mistake, for the tool and per command; --version and help TOPIC', () => {
    expect(right(['--help'])).toEqual({ kind: 'help', topic: null });
    expect(right(['-h'])).toEqual({ kind: 'help', topic: null });
    expect(right(['help'])).toEqual({ kind: 'help', topic: null });
    expect(right(['help', 'explain'])).toEqual({ kind: 'help', topic: 'explain' });
    expect(right(['report', '--bogus', '--help'])).toEqual({ kind: 'help', topic: 'report' });
    expect(right(['validate', '-h'])).toEqual({ kind: 'help', topic: 'validate' });
    expect(right(['--version'])).toEqual({ kind: 'version' });
    expect(right(['-V'])).toEqual({ kind: 'version' });
    expect(left(['help', 'nope'])).toMatch(/^no help for nope/);
    // After --, "--help" is a file name.
    expect(right(['report', '--', '--help'])).toMatchObject({ kind: 'report', log: '--help' });
  });

  test('limits: --max-line-bytes for every command, --max-problems for report and explain; only present when given', () => {
    expect(right(['report', 'a', '--max-line-bytes', '4096', '--max-problems=0'])).toEqual({
      kind: 'report',
      log: 'a',
      asOf: null,
      json: false,
      strict: false,
      html: null,
      maxLineBytes: 4096,
      maxProblems: 0,
    });
    expect(right(['validate', 'a', '--max-line-bytes=10'])).toEqual({ kind: 'validate', log: 'a', maxLineBytes: 10 });
    expect(right(['timeline', 'a', '--out', 'a.svg', '--max-line-bytes=10'])).toMatchObject({
      kind: 'timeline',
      maxLineBytes: 10,
    });
    expect(left(['timeline', 'a', '--out', 'a.svg', '--max-problems', '1'])).toMatch(/^unknown option --max-problems/);
    expect(right(['explain', 'a', '--machine', 'm', '--max-problems', '5'])).toMatchObject({ maxProblems: 5 });
    expect(left(['report', 'a', '--max-line-bytes', '0'])).toBe(
      'bad --max-line-bytes "0": expected a whole number ≥ 1',
    );
    expect(left(['report', 'a', '--max-problems', '-1'])).toBe('bad --max-problems "-1": expected a whole number ≥ 0');
    expect(left(['report', 'a', '--max-problems', '1e3'])).toBe(
      'bad --max-problems "1e3": expected a whole number ≥ 0',
    );
    expect(left(['validate', 'a', '--max-problems', '1'])).toMatch(/^unknown option --max-problems/);
  });

  test('--worker on|off for every command; only present when given', () => {
    expect(right(['report', 'a', '--worker', 'on'])).toMatchObject({ kind: 'report', log: 'a', worker: true });
    expect(right(['validate', 'a', '--worker=off'])).toEqual({ kind: 'validate', log: 'a', worker: false });
    expect(right(['explain', 'a', '--machine', 'm', '--worker', 'on'])).toMatchObject({ worker: true });
    expect(right(['report', 'a'])).not.toHaveProperty('worker');
    expect(left(['report', 'a', '--worker', 'yes'])).toBe('bad --worker "yes": expected on or off');
  });
});
