import { statSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { runValidate } from '../../src/commands/validate';
import { ndjson, tempDir } from '../support/files';
import { memoryIo } from '../support/io';
import { SCENARIO } from '../support/scenario';

const files = tempDir('validate');

const run = async (log: string, stdin?: string, worker?: boolean) => {
  const io = memoryIo(stdin === undefined ? {} : { stdin });
  const code = await runValidate(worker === undefined ? { log } : { log, worker }, io.io);
  return { code, out: io.out(), err: io.err() };
};

describe('runValidate', () => {
  test('R-L2: lists every line that does not decode, with its number, field path and what was expected; exit 1', async () => {
    const lines = [
      SCENARIO[0],
      '{"type":"LicensePurchased","id":"e2","at":"2025-01-01T00:00:00Z","poolId":"p","module":"KES","quantity":0}',
      '',
      '{"type":"Nope","id":"e3","at":"2025-01-01T00:00:00Z"}',
      '{"type":"RecoveryRun","id":"e4","at":"2025-01-01T00:00:00Z","extra":1}',
      'not json',
    ];
    const { code, out } = await run(files.write('bad.ndjson', ndjson(lines)));
    expect(code).toBe(1);
    const printed = out.split('\n');
    expect(printed.slice(0, 3)).toEqual([
      'line 2: quantity: expected an integer from 1 to 1000000000, got 0',
      'line 4: type: expected a known event type, got "Nope"',
      'line 5: extra: unknown field',
    ]);
    // After the prefix, the wording is the JS engine's.
    expect(printed[3]).toMatch(/^line 6: not valid JSON: ./);
    expect(printed.slice(4)).toEqual([`${files.path('bad.ndjson')}: 5 lines read, 1 event decoded, 4 problems`, '']);
  });

  test('R-L3 needs a replay: a rejected event (out of time order) still validates; exit 0', async () => {
    const lines = [SCENARIO[2], SCENARIO[1]];
    const { code, out } = await run('-', ndjson(lines));
    expect(code).toBe(0);
    expect(out).toBe('<stdin>: 2 lines read, 2 events decoded, every line decodes\n');
  });

  test('R-L2: a large log, checked in two halves on two cores, prints what one thread prints, line numbers included', async () => {
    // Past the 4 MiB from which a log is split: problems near the start, the middle and the end.
    const lines = Array.from({ length: 48_000 }, (_, i) => SCENARIO[i % 8] as string);
    for (const at of [5, 23_999, 24_000, 24_001, 47_999])
      lines[at] = '{"type":"Nope","id":"x","at":"2025-01-01T00:00:00Z"}';
    const file = files.write('large.ndjson', ndjson(lines));
    expect(statSync(file).size).toBeGreaterThan(4 * 1024 * 1024);
    const split = await run(file);
    const oneThread = await run(file, undefined, false);
    expect(split).toEqual(oneThread);
    expect(split.code).toBe(1);
    expect(
      split.out
        .split('\n')
        .slice(0, 5)
        .map((line) => line.split(':')[0]),
    ).toEqual(['line 6', 'line 24000', 'line 24001', 'line 24002', 'line 48000']);
    expect(split.out).toContain('48000 lines read, 47995 events decoded, 5 problems');
  });

  test('R-L1: a gzip log is validated like the plain one', async () => {
    const { code, out } = await run(files.write('log.gz', gzipSync(ndjson(SCENARIO))));
    expect(code).toBe(1);
    expect(out).toMatch(/^line 9: not valid JSON/);
    expect(out).toContain('14 lines read, 13 events decoded, 1 problem\n');
  });

  test('exit 2 for a directory', async () => {
    const { code, err } = await run(files.path(''));
    expect(code).toBe(2);
    expect(err).toMatch(/^license-ledger: a directory, not a file: /);
  });
});
