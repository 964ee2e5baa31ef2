import { runReport } from '../../src/commands/report';
import { ndjson, tempDir } from '../support/files';
import { memoryIo } from '../support/io';
import { SCENARIO } from '../support/scenario';

const files = tempDir('report');
const clean = SCENARIO.filter((line) => typeof line !== 'string' && line.id !== 'e10');

const run = async (log: string, options: Partial<Parameters<typeof runReport>[0]> = {}, stdin?: string) => {
  const io = memoryIo(stdin === undefined ? {} : { stdin });
  const code = await runReport({ log, asOf: null, json: false, strict: false, ...options }, io.io);
  return { code, out: io.out(), err: io.err() };
};

describe('runReport', () => {
  test('exit 0 for a log with no problem; the JSON report parses and has docs/report-json.md keys', async () => {
    const { code, out, err } = await run(files.write('clean.ndjson', ndjson(clean)), { json: true });
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(Object.keys(JSON.parse(out))).toEqual(['asOf', 'events', 'pools', 'svms', 'problems']);
  });

  test('R-L4: exit 1 when the lenient replay met problems; every problem is reported and the replay went on', async () => {
    const { code, out } = await run(files.write('problems.ndjson', ndjson(SCENARIO)), { json: true });
    expect(code).toBe(1);
    const report = JSON.parse(out);
    expect(report.problems.map((p: { line: number }) => p.line)).toEqual([9, 10]);
    expect(report.svms).toHaveLength(1);
  });

  test('R-L4: --strict stops at the first problem, exit 1, and the text says so', async () => {
    const { code, out } = await run(files.write('strict.ndjson', ndjson(SCENARIO)), { strict: true });
    expect(code).toBe(1);
    expect(out).toContain('Stopped at the first problem (--strict)');
    expect(out).toContain('Events: 9 read, 8 applied');
    expect(out).toMatch(/^ +9 +- +decode +R-L2 +not valid JSON/m);
    expect(out).not.toContain('R-X3');
  });

  test('exit 2 with one line on stderr when the log cannot be opened; nothing on stdout', async () => {
    const { code, out, err } = await run(files.path('missing.ndjson'));
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`license-ledger: no such file: ${files.path('missing.ndjson')}\n`);
  });

  test('R-L1: reads stdin for -, named <stdin> in the text heading', async () => {
    const { code, out } = await run('-', {}, ndjson(clean));
    expect(code).toBe(0);
    expect(out.split('\n')[0]).toBe('Report of <stdin> as of 2025-03-12T11:00:00Z');
  });
});
