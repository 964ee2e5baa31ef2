import * as fs from 'node:fs';
import { runReport } from '../../src/commands/report';
import { ndjson, tempDir } from '../support/files';
import { memoryIo } from '../support/io';
import { SCENARIO } from '../support/scenario';
import { reportJson } from '../support/report-json';

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
    expect(Object.keys(reportJson(out))).toEqual(['asOf', 'events', 'pools', 'svms', 'problems']);
  });

  test('R-L4: exit 1 when the lenient replay met problems; every problem is reported and the replay went on', async () => {
    const { code, out } = await run(files.write('problems.ndjson', ndjson(SCENARIO)), { json: true });
    expect(code).toBe(1);
    const report = reportJson(out);
    expect(report.problems.map((p) => p.line)).toEqual([9, 10]);
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

  test('R-L5: --save-snapshot then --from-snapshot with the whole log: the saved lines are skipped as duplicates, the report is the same', async () => {
    const head = clean.slice(0, 6);
    const snapshot = files.path('head.snapshot');
    const saved = await run(files.write('head.ndjson', ndjson(head)), { saveSnapshot: snapshot });
    expect(saved.code).toBe(0);
    const whole = files.write('whole.ndjson', ndjson(clean));
    const resumed = await run(whole, { fromSnapshot: snapshot, json: true });
    const direct = await run(whole, { json: true });
    expect(resumed.code).toBe(0);
    const { events: resumedEvents, ...resumedReport } = reportJson(resumed.out);
    const { events: directEvents, ...directReport } = reportJson(direct.out);
    expect(resumedReport).toEqual(directReport);
    expect(resumedEvents).toMatchObject({
      read: clean.length,
      applied: clean.length - head.length,
      skippedDuplicates: head.length,
    });
    expect(directEvents).toMatchObject({ applied: clean.length, skippedDuplicates: 0 });
  });

  test('--from-snapshot with only the lines after the snapshot gives the report of the whole log', async () => {
    const snapshot = files.path('first.snapshot');
    await run(files.write('first.ndjson', ndjson(clean.slice(0, 8))), { saveSnapshot: snapshot });
    const rest = await run(files.write('rest.ndjson', ndjson(clean.slice(8))), { fromSnapshot: snapshot, json: true });
    const direct = await run(files.write('all.ndjson', ndjson(clean)), { json: true });
    expect(reportJson(rest.out).pools).toEqual(reportJson(direct.out).pools);
    expect(reportJson(rest.out).svms).toEqual(reportJson(direct.out).svms);
  });

  test('exit 2, one line, nothing on stdout, when the snapshot to start from is damaged', async () => {
    const snapshot = files.path('damaged.snapshot');
    await run(files.write('d.ndjson', ndjson(clean)), { saveSnapshot: snapshot });
    const bytes = fs.readFileSync(snapshot);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 1;
    fs.writeFileSync(snapshot, bytes);
    const { code, out, err } = await run(files.path('d.ndjson'), { fromSnapshot: snapshot });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(
      `license-ledger: cannot use snapshot ${snapshot}: the snapshot is damaged: its checksum does not match its content\n`,
    );
  });
});
