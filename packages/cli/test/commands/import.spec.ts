import * as path from 'node:path';
import { runImport } from '../../src/commands/import';
import { runReport } from '../../src/commands/report';
import { runReportStore } from '../../src/commands/report-store';
import { ndjson, tempDir } from '../support/files';
import { memoryIo } from '../support/io';
import { SCENARIO } from '../support/scenario';
import { reportJson } from '../support/report-json';

const files = tempDir('import');
// One PGlite directory for the file (creating one runs initdb: seconds).
const store = () => path.join(files.path('.'), 'store');

const importLog = async (log: string, ledger: string) => {
  const io = memoryIo();
  const code = await runImport({ log, store: store(), ledger }, io.io);
  return { code, out: io.out(), err: io.err() };
};
const reportLedger = async (ledger: string, json = true) => {
  const io = memoryIo();
  const code = await runReportStore({ store: store(), ledger, asOf: null, json, strict: false }, io.io);
  return { code, out: io.out(), err: io.err() };
};

describe('runImport', () => {
  test('imports a log into a PGlite store; report --ledger prints what report LOG prints, rejected events included', async () => {
    // Without its undecodable line, each line's number is its version in the store.
    const lines = SCENARIO.filter((line) => typeof line !== 'string');
    const log = files.write('scenario.ndjson', ndjson(lines));
    const imported = await importLog(log, 'acme');
    expect(imported.err).toBe('');
    expect(imported.out).toBe(
      `${log} → ledger acme in ${store()}: ${lines.length} lines read, ${lines.length} events stored (1 rejected by the rules), 0 repeats already stored, 0 lines not decoded; version ${lines.length}\n`,
    );
    const fromLog = memoryIo();
    const logCode = await runReport({ log, asOf: null, json: true, strict: false }, fromLog.io);
    const fromStore = await reportLedger('acme');
    expect(fromStore.code).toBe(logCode);
    expect(reportJson(fromStore.out)).toEqual(reportJson(fromLog.out()));
  }, 120_000);

  test('R-L5: importing the same log again stores nothing new', async () => {
    const log = files.write('again.ndjson', ndjson(SCENARIO.slice(0, 5)));
    const first = await importLog(log, 'again');
    expect(first.out).toContain('5 events stored');
    const second = await importLog(log, 'again');
    expect(second.out).toContain('0 events stored (0 rejected by the rules), 5 repeats already stored');
    expect(second.out).toContain('version 5');
  }, 120_000);

  test('R-L2: lines that do not decode are listed and not stored; exit 1', async () => {
    const log = files.write(
      'bad.ndjson',
      ndjson([SCENARIO[0], '{"type":"Nope","id":"x","at":"2025-01-01T00:00:00Z"}', 'not json']),
    );
    const { code, out } = await importLog(log, 'bad');
    expect(code).toBe(1);
    expect(out.split('\n').slice(0, 2)).toEqual([
      'line 2: type: expected a known event type, got "Nope"',
      expect.stringMatching(/^line 3: not valid JSON/),
    ]);
    expect(out).toContain('1 event stored');
    expect(out).toContain('2 lines not decoded; version 1');
  }, 120_000);
});

describe('runImport (progress)', () => {
  test('--progress draws the bar on stderr as batches are stored, up to 100 %, and erases it at the end', async () => {
    // Two batches of 5 000 and a last one: the bar moves after each.
    const events = [
      { type: 'LicensePurchased', id: 'p', at: '2025-01-01T00:00:00Z', poolId: 'kes', module: 'KES', quantity: 20_000 },
      ...Array.from({ length: 12_000 }, (_, i) => ({
        type: 'KesInstalled',
        id: `i${i}`,
        at: '2025-01-02T00:00:00Z',
        poolId: 'kes',
        machineId: `m${i}`,
        groupId: 'g',
      })),
    ];
    const log = files.write('progress.ndjson', ndjson(events));
    const io = memoryIo();
    const code = await runImport({ log, store: store(), ledger: 'progress', progress: true, batchSize: 5000 }, io.io);
    expect(code).toBe(0);
    const frames = io
      .err()
      .split('\r')
      .filter((frame) => frame.trim() !== '');
    const percents = frames.map((frame) => Number(/(\d+)%/.exec(frame)?.[1]));
    expect(percents.length).toBeGreaterThanOrEqual(2);
    expect(percents).toEqual([...percents].sort((a, b) => a - b));
    expect(percents[percents.length - 1]).toBe(100);
    expect(frames.every((frame) => frame.endsWith(log))).toBe(true);
    // Erased: the last thing on stderr blanks the last frame's width.
    expect(io.err().endsWith(`\r${' '.repeat((frames[frames.length - 1] ?? '').length)}\r`)).toBe(true);
    expect(io.out()).toContain('12001 events stored');
  }, 120_000);

  test('without --progress: no bar when stderr is not a terminal, nor on a terminal for a small log', async () => {
    const log = files.write('small.ndjson', ndjson(SCENARIO.slice(0, 3)));
    for (const stderrIsTTY of [false, true]) {
      const io = memoryIo({ stderrIsTTY });
      await runImport({ log, store: store(), ledger: `quiet-${stderrIsTTY}` }, io.io);
      expect(io.err()).toBe('');
    }
  }, 120_000);
});

describe('runReportStore', () => {
  test('a ledger the store does not have is a usage error (exit 2)', async () => {
    const { code, err } = await reportLedger('nobody');
    expect(code).toBe(2);
    expect(err).toContain('has no ledger nobody');
  }, 120_000);
});
