import * as fs from 'node:fs';
import * as path from 'node:path';
import { type Instant, parseInstant } from '@license-ledger/core';
import { runTimeline, type TimelineCommandOptions } from '../../src/commands/timeline';
import { wellFormedXmlProblems } from '@license-ledger/testing';
import { ndjson, tempDir } from '../support/files';
import { memoryIo } from '../support/io';

const files = tempDir('timeline');
const ACME = path.resolve(__dirname, '../../../../examples/acme-msp.ndjson');

const run = async (options: Partial<TimelineCommandOptions>) => {
  const io = memoryIo();
  const code = await runTimeline(
    { log: ACME, from: null, to: null, pools: [], asOf: null, out: files.path('t.svg'), ...options },
    io.io,
  );
  return { code, out: io.out(), err: io.err() };
};

const at = (iso: string): Instant => {
  const value = parseInstant(iso);
  if (value === undefined) throw new Error(`bad instant in test: ${iso}`);
  return value;
};

const poolsIn = (svg: string): string[] =>
  [...svg.matchAll(/<g class="pool" data-pool="([^"]*)"/g)].map((m) => m[1] as string);

const purchase = {
  type: 'LicensePurchased',
  id: 'e1',
  at: '2025-01-01T00:00:00Z',
  poolId: 'p<1>&"',
  module: 'KES',
  quantity: 2,
  termDays: 30,
};
const install = {
  type: 'KesInstalled',
  id: 'e2',
  at: '2025-01-02T00:00:00Z',
  poolId: 'p<1>&"',
  machineId: 'm1',
  groupId: 'g',
};

describe('runTimeline', () => {
  test('writes a well-formed SVG with a chart per pool; the example log has problems, so exit 1 with one line naming how many', async () => {
    const out = files.path('acme.svg');
    const { code, err } = await run({ out, asOf: at('2025-06-01T00:00:00Z') });
    expect(code).toBe(1);
    expect(err).toBe(
      'license-ledger: 6 problems in acme-msp.ndjson; license-ledger report lists them\n'.replace(
        'acme-msp.ndjson',
        ACME,
      ),
    );
    const svg = fs.readFileSync(out, 'utf8');
    expect(wellFormedXmlProblems(svg)).toEqual([]);
    expect(poolsIn(svg)).toEqual(['acme-budr', 'acme-kav', 'acme-kes', 'globex-kam', 'globex-kes']);
    expect(svg).toContain('as of 1 Jun 2025');
  });

  test('exit 0 for a clean log; ids are escaped; the chart runs to --to, past the last event; --out - writes to stdout', async () => {
    const log = files.write('clean.ndjson', ndjson([purchase, install]));
    const { code, out, err } = await run({ log, out: '-', to: at('2025-03-01T00:00:00Z') });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(wellFormedXmlProblems(out)).toEqual([]);
    expect(out).toContain('data-pool="p&lt;1&gt;&amp;&quot;"');
    expect(out).toContain('License counts from 1 Jan 2025 to 1 Mar 2025');
  });

  test('--pool keeps only the pools named; a pool the log does not have by the end is bad usage (exit 2) and nothing is written', async () => {
    const only = files.path('only.svg');
    expect((await run({ out: only, pools: ['globex-kes', 'acme-kav'] })).code).toBe(1);
    expect(poolsIn(fs.readFileSync(only, 'utf8'))).toEqual(['acme-kav', 'globex-kes']);
    const missing = files.path('missing.svg');
    const { code, err } = await run({ out: missing, pools: ['acme-kes', 'nope'] });
    expect(code).toBe(2);
    expect(err).toMatch(/^license-ledger: no pool nope in .*acme-msp\.ndjson by 2025-\d\d-\d\dT[\d:]+Z\n$/);
    expect(fs.existsSync(missing)).toBe(false);
  });

  test('an --out in a folder that does not exist is bad usage (exit 2), one line', async () => {
    const { code, err } = await run({ out: files.path('no/such/folder/t.svg') });
    expect(code).toBe(2);
    expect(err).toBe(`license-ledger: cannot write ${files.path('no/such/folder/t.svg')}: no such folder\n`);
  });

  test('a log that cannot be opened, or an empty log with no end given, is bad usage (exit 2)', async () => {
    expect((await run({ log: files.path('absent.ndjson') })).code).toBe(2);
    const empty = await run({ log: files.write('empty.ndjson', '') });
    expect(empty).toEqual({
      code: 2,
      out: '',
      err: 'license-ledger: the log has no event, and no end of the timeline was given\n',
    });
  });
});
