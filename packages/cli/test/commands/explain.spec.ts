import { instant } from '@license-ledger/core';
import { runExplain } from '../../src/commands/explain';
import { ndjson, tempDir } from '../support/files';
import { memoryIo } from '../support/io';
import { SCENARIO } from '../support/scenario';

const files = tempDir('explain');
const clean = SCENARIO.filter((line) => typeof line !== 'string' && line.id !== 'e10');

const run = async (
  log: string,
  subject: { kind: 'machine' | 'license' | 'svm'; id: string },
  options: { json?: boolean; asOf?: number } = {},
) => {
  const io = memoryIo();
  const code = await runExplain(
    { log, subject, asOf: options.asOf === undefined ? null : instant(options.asOf), json: options.json ?? false },
    io.io,
  );
  return { code, out: io.out(), err: io.err() };
};

describe('runExplain', () => {
  test('R-V1, R-V2: explains a license in JSON with the counts it is in; exit 0 for a clean log', async () => {
    const { code, out, err } = await run(
      files.write('clean.ndjson', ndjson(clean)),
      { kind: 'license', id: 'p-kes#2' },
      { json: true },
    );
    expect(code).toBe(0);
    expect(err).toBe('');
    const parsed = JSON.parse(out) as { license: { countedIn: unknown } };
    expect(Object.keys(parsed)).toEqual(['asOf', 'events', 'license']);
    expect(parsed.license.countedIn).toMatchObject({ installRemove: 'pendingInstalls', licenseManager: 'used' });
  });

  test('exit 1 when explained but the log has problems, with a one-line note on stderr', async () => {
    const { code, out, err } = await run(files.write('problems.ndjson', ndjson(SCENARIO)), {
      kind: 'machine',
      id: 'ws-1',
    });
    expect(code).toBe(1);
    expect(out).toContain('Machine ws-1: group g.a, incarnation 1');
    expect(err).toBe('license-ledger: note: the log has 2 problems; license-ledger report lists them\n');
  });

  test('exit 2 and one line for an id the log does not know', async () => {
    const { code, out, err } = await run(files.write('unknown.ndjson', ndjson(clean)), { kind: 'svm', id: 'svm-9' });
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`license-ledger: ${files.path('unknown.ndjson')} has no svm svm-9 as of 2025-03-12T11:00:00Z\n`);
  });

  test('exit 2 for a log that cannot be opened', async () => {
    const { code, err } = await run(files.path('missing.ndjson'), { kind: 'machine', id: 'ws-1' });
    expect(code).toBe(2);
    expect(err).toBe(`license-ledger: no such file: ${files.path('missing.ndjson')}\n`);
  });

  test('R-T4: as of a later instant, the explanation stands at that instant', async () => {
    const { out } = await run(
      files.write('later.ndjson', ndjson(clean)),
      { kind: 'license', id: 'p-kes#1' },
      { asOf: Date.parse('2026-01-02T08:30:00Z') },
    );
    expect(out.split('\n')[0]).toBe('As of 2026-01-02T08:30:00Z');
    expect(out).toContain('Counted in: Install/Remove "Expired" (R-V1); License Manager "Used" (R-V2)');
    expect(out).toContain('Put there by: R-T2, time-driven at 2026-01-02T08:30:00Z');
  });
});
