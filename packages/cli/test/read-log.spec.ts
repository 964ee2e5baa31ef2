import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import type * as Core from '@license-ledger/core';
import { createReplayer, formatInstant, instant, type LogEntry } from '@license-ledger/core';
import { expectedEventsOf, openLog, progressFor, replayLog, replayLogView, withProgress } from '../src/read-log';
import { buildReport } from '../src/views/report-view';
import { noProgress } from '../src/progress';
import { type Progress, PROGRESS_MIN_BYTES } from '../src/progress';
import { ndjson, tempDir } from './support/files';
import { memoryIo } from './support/io';
import { arbitraryLog, labelledLog } from './support/arbitrary-log';
import { replayText } from './support/replay';
import { SCENARIO } from './support/scenario';

// The replayer the commands make, watched: which options it is made with (it replays as ever).
jest.mock('@license-ledger/core', () => {
  const core = jest.requireActual<typeof Core>('@license-ledger/core');
  return { ...core, createReplayer: jest.fn(core.createReplayer) };
});

const files = tempDir('read-log');

const opened = async (source: string, io = memoryIo().io) => {
  const result = await openLog(source, io);
  if (E.isLeft(result)) throw new Error(result.left);
  return result.right;
};

const recording = (): Progress & { calls: string[] } => {
  const calls: string[] = [];
  return { calls, update: (bytes) => calls.push(`update ${bytes}`), done: () => calls.push('done') };
};

describe('openLog', () => {
  test('a missing file, a directory: one-line messages naming the path', async () => {
    expect(await openLog(files.path('nope.ndjson'), memoryIo().io)).toEqual(
      E.left(`no such file: ${files.path('nope.ndjson')}`),
    );
    files.write('x', '');
    expect(await openLog(files.path(''), memoryIo().io)).toEqual(E.left(`a directory, not a file: ${files.path('')}`));
  });

  test('R-L1: - reads the injected stdin; a gzip file is read whatever its name', async () => {
    const fromStdin = await opened('-', memoryIo({ stdin: ndjson(SCENARIO) }).io);
    expect(fromStdin.name).toBe('<stdin>');
    expect(fromStdin.totalBytes).toBeNull();
    const gz = await opened(files.write('rotated.ndjson', gzipSync(ndjson(SCENARIO))));
    let lines = 0;
    for await (const batch of gz.entries) lines += batch.filter((entry) => 'event' in entry).length;
    expect(lines).toBe(SCENARIO.length - 1);
  });
});

describe('progressFor', () => {
  test('a bar only for a large file read for a terminal without --json; never for stdin', async () => {
    const big = await opened(files.write('big.ndjson', Buffer.alloc(PROGRESS_MIN_BYTES + 1, 0x0a)));
    const tty = memoryIo({ stderrIsTTY: true });
    progressFor(big, tty.io, { json: false }).update(1);
    expect(tty.err()).toContain('big.ndjson');
    for (const [io, json] of [
      [memoryIo({ stderrIsTTY: false }), false],
      [memoryIo({ stderrIsTTY: true }), true],
    ] as const) {
      progressFor(big, io.io, { json }).update(1);
      expect(io.err()).toBe('');
    }
    const stdin = memoryIo({ stderrIsTTY: true, stdin: 'x' });
    progressFor(await opened('-', stdin.io), stdin.io, { json: false }).update(1);
    expect(stdin.err()).toBe('');
  });
});

describe('withProgress', () => {
  test('reports the bytes read after each batch and erases the bar at the end', async () => {
    const log = await opened(files.write('small.ndjson', ndjson(SCENARIO)));
    const progress = recording();
    const items: LogEntry[] = [];
    for await (const batch of withProgress(log, progress)) items.push(...batch);
    expect(items).toHaveLength(SCENARIO.length);
    expect(progress.calls).toEqual([`update ${Buffer.byteLength(ndjson(SCENARIO))}`, 'done']);
  });

  test('erases the bar also when the reader stops early', async () => {
    const log = await opened(files.write('early.ndjson', ndjson(SCENARIO)));
    const progress = recording();
    for await (const _batch of withProgress(log, progress)) break;
    expect(progress.calls.at(-1)).toBe('done');
  });
});

describe('replayLog', () => {
  test('R-T4: without --as-of the views stand at the last event; with a later one, time has run to it', async () => {
    const atEnd = await replayText(ndjson(SCENARIO));
    expect(atEnd.asOf === null ? null : formatInstant(atEnd.asOf)).toBe('2025-03-12T11:00:00Z');
    expect(atEnd.state.clock).toBe(atEnd.asOf);
    const later = await replayText(ndjson(SCENARIO), { asOf: instant(Date.parse('2027-01-01T00:00:00Z')) });
    expect(later.state.clock).toBe(Date.parse('2027-01-01T00:00:00Z'));
    expect(later.result.stoppedBy).toBeNull();
  });

  test('R-T4: with an earlier --as-of, reading stops at the first later event', async () => {
    const early = await replayText(ndjson(SCENARIO), { asOf: instant(Date.parse('2025-01-02T08:59:59Z')) });
    expect(early.result.stoppedBy).toBe('until');
    expect(early.result.stats.read).toBe(2);
    expect(early.state.clock).toBe(Date.parse('2025-01-02T08:59:59Z'));
  });

  test('an empty log has no clock and no asOf', async () => {
    const empty = await replayText('\n\n');
    expect(empty.asOf).toBeNull();
    expect(empty.result.stats.read).toBe(0);
  });

  test('R-L5: an exact repeat of an earlier event, re-sent after later events, is skipped, not rejected as out of order (R-T1)', async () => {
    const [first, second] = [SCENARIO[0], SCENARIO[1]];
    const replayed = await replayText(ndjson([first, second, first]));
    expect(replayed.result.stats).toMatchObject({ applied: 2, skippedDuplicates: 1, rejected: 0 });
    expect(replayed.result.problems).toEqual([]);
  });
});

describe('replayLogView', () => {
  /** The seed of the property below, fixed so that a failure names the logs it ran on. */
  const SEED = 2222;

  test(`property (R-T4, R-L4), fast-check seed ${SEED}: over generated logs, either mode, with no --as-of, an earlier or a later one, the report built from the replayer's view is the report built from the whole state, and stands at the same instant`, async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitraryLog(),
        fc.constantFrom('strict' as const, 'lenient' as const),
        fc.constantFrom(null, '2025-01-20T00:00:00Z', '2025-03-01T12:00:00Z', '2026-06-01T00:00:00Z'),
        async (text, mode, asOfText) => {
          const options = {
            mode,
            asOf: asOfText === null ? null : instant(Date.parse(asOfText)),
            history: 'none',
          } as const;
          const whole = await replayLog(await opened('-', memoryIo({ stdin: text }).io), options, noProgress);
          const viewed = await replayLogView(await opened('-', memoryIo({ stdin: text }).io), options, noProgress);
          expect(viewed.asOf).toBe(whole.asOf);
          expect(viewed.result.stoppedBy).toBe(whole.result.stoppedBy);
          expect(buildReport(viewed)).toEqual(buildReport(whole));
        },
      ),
      { seed: SEED, numRuns: 60 },
    );
  });

  test('R-T4: a later --as-of with terms ending before it: the view moves through them as the whole state does', async () => {
    const options = { mode: 'lenient', asOf: instant(Date.parse('2027-01-01T00:00:00Z')), history: 'none' } as const;
    const text = ndjson(SCENARIO);
    const whole = await replayLog(await opened('-', memoryIo({ stdin: text }).io), options, noProgress);
    const viewed = await replayLogView(await opened('-', memoryIo({ stdin: text }).io), options, noProgress);
    const atEnd = await replayLogView(
      await opened('-', memoryIo({ stdin: text }).io),
      { ...options, asOf: null },
      noProgress,
    );
    expect(buildReport(viewed)).toEqual(buildReport(whole));
    // Not vacuous: licenses expired between the last event and then.
    expect(buildReport(viewed).pools).not.toEqual(buildReport(atEnd).pools);
  });
});

describe('expectedEventsOf', () => {
  test("a log's size over 128 bytes a line, at most 2^26 events; none for stdin, whose size is not known", () => {
    expect([0, 127, 128, 123_785_197, 2 ** 40].map((bytes) => expectedEventsOf(bytes))).toEqual([
      { expectedEvents: 0 },
      { expectedEvents: 0 },
      { expectedEvents: 1 },
      { expectedEvents: 967_071 },
      { expectedEvents: 2 ** 26 },
    ]);
    expect(expectedEventsOf(null)).toEqual({});
  });
});

describe('replayLog (expected events)', () => {
  test("a file's replay is told to expect the events its size suggests, and replays as one not told", async () => {
    const text = ndjson(SCENARIO);
    const log = await opened(files.write('sized.ndjson', text));
    const made = jest.mocked(createReplayer);
    made.mockClear();
    const options = { mode: 'lenient', asOf: null, history: 'full' } as const;
    const fromFile = await replayLog(log, options, noProgress);
    expect(made.mock.calls.map(([given]) => given?.expectedEvents)).toEqual([
      Math.floor(Buffer.byteLength(text) / 128),
    ]);
    made.mockClear();
    const fromStdin = await replayText(text);
    expect(made.mock.calls.map(([given]) => given !== undefined && 'expectedEvents' in given)).toEqual([false]);
    expect(fromFile.result.stats).toEqual(fromStdin.result.stats);
  });
});

describe('replayLog (generated logs with every line labelled)', () => {
  test('R-L2, R-L3, R-L4, R-L5: reports exactly the lines the rules reject or cannot decode, each on its line; repeats are skipped', async () => {
    await fc.assert(
      fc.asyncProperty(labelledLog(40), async ({ text, expected }) => {
        const { result } = await replayText(text);
        const reported = result.problems.map((p) => `${p.line ?? '?'} ${p.kind}`);
        const wanted = expected.flatMap((outcome, i) =>
          outcome === 'rejected' || outcome === 'decode' ? [`${i + 1} ${outcome}`] : [],
        );
        expect(reported).toEqual(wanted);
        expect(result.stats.skippedDuplicates).toBe(expected.filter((o) => o === 'duplicate').length);
        expect(result.stats.applied).toBe(expected.filter((o) => o === 'applied').length);
      }),
    );
  });
});
