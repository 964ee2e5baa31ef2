import { parseInstant } from '@license-ledger/core';
import { buildReport, eventsOf, reportSvm } from '../../src/views/report-view';
import { ndjson } from '../support/files';
import { replayText } from '../support/replay';
import { SCENARIO, SCENARIO_END } from '../support/scenario';

const at = (text: string) =>
  parseInstant(text) ??
  (() => {
    throw new Error(text);
  })();

describe('buildReport', () => {
  test('R-V1, R-V2, R-V4: counts at the last event, worked out by hand in the scenario', async () => {
    const report = buildReport(await replayText(ndjson(SCENARIO)));
    expect(report.asOf).toBe(SCENARIO_END);
    expect(report.pools).toEqual([
      {
        poolId: 'p-kes',
        module: 'KES',
        // #1 applied; #2 a partial reserved by ws-3's pending install; #3, #4 queued; #5 never used.
        installRemove: { expired: 0, applied: 1, partial: 0, pendingInstalls: 1, extended: 2, other: 0, unused: 1 },
        // Used = #1 + the reserved partial #2 (R-V4); not the extensions nor a never-used pending (R-V2).
        // R-V3: g.a has ws-1 (ws-3 is only pending), g.b lost ws-2 to the uninstall.
        licenseManager: { used: 2, max: 5, groups: [{ groupId: 'g.a', machines: 1 }] },
      },
    ]);
  });

  test('R-L2, R-L3: events counts and problems in line order, decode errors with a null id', async () => {
    const report = buildReport(await replayText(ndjson(SCENARIO)));
    expect(report.events).toEqual({ read: 14, applied: 12, skippedDuplicates: 0, rejected: 1, decodeErrors: 1 });
    expect(report.problems.map(({ line, eventId, kind, rule }) => ({ line, eventId, kind, rule }))).toEqual([
      { line: 9, eventId: null, kind: 'decode', rule: 'R-L2' },
      { line: 10, eventId: 'e10', kind: 'rejected', rule: 'R-X3' },
    ]);
  });

  test('R-K1, R-K4: the SVM slot with its running key and reserve, and the refused trial key', async () => {
    const report = buildReport(await replayText(ndjson(SCENARIO)));
    expect(report.svms).toEqual([
      {
        svmId: 'svm-1',
        clusterId: 'c1',
        slots: [
          {
            type: 'server',
            status: 'licensed',
            active: { keyId: 'K-A', endsAt: '2025-04-11T09:00:00Z' },
            reserve: { keyId: 'K-B' },
          },
        ],
        taskErrors: [{ at: '2025-03-12T11:00:00Z', keyId: 'K-T', reason: 'trial' }],
      },
    ]);
  });

  test('R-T4, R-X2, R-K5: as of a later instant the extension and the reserve key have taken over', async () => {
    const report = buildReport(await replayText(ndjson(SCENARIO), { asOf: at('2026-01-02T08:30:00Z') }));
    expect(report.asOf).toBe('2026-01-02T08:30:00Z');
    const [pool] = report.pools;
    // #1 expired at its end; #3 applied from that instant; #4 still queued.
    expect(pool?.installRemove).toEqual({
      expired: 1,
      applied: 1,
      partial: 0,
      pendingInstalls: 1,
      extended: 1,
      other: 0,
      unused: 1,
    });
    expect(pool?.licenseManager.used).toBe(3);
    expect(report.svms[0]?.slots[0]).toEqual({
      type: 'server',
      status: 'licensed',
      active: { keyId: 'K-B', endsAt: '2026-04-11T09:00:00Z' },
      reserve: null,
    });
  });

  test('R-T4: as of an instant before an event, that event and everything after it are neither applied nor reported', async () => {
    const report = buildReport(await replayText(ndjson(SCENARIO), { asOf: at('2025-03-09T08:59:59Z') }));
    expect(report.asOf).toBe('2025-03-09T08:59:59Z');
    expect(report.events).toEqual({ read: 5, applied: 5, skippedDuplicates: 0, rejected: 0, decodeErrors: 0 });
    expect(report.pools[0]?.installRemove).toEqual({
      expired: 0,
      applied: 2,
      partial: 0,
      pendingInstalls: 0,
      extended: 0,
      other: 0,
      unused: 3,
    });
    expect(report.pools[0]?.licenseManager.groups).toEqual([
      { groupId: 'g.a', machines: 1 },
      { groupId: 'g.b', machines: 1 },
    ]);
    expect(report.svms).toEqual([]);
    expect(report.problems).toEqual([]);
  });

  test('an empty log has no clock: asOf is null and every list is empty', async () => {
    const report = buildReport(await replayText(''));
    expect(report).toEqual({
      asOf: null,
      events: { read: 0, applied: 0, skippedDuplicates: 0, rejected: 0, decodeErrors: 0 },
      pools: [],
      svms: [],
      problems: [],
    });
  });

  test('R-L4: a strict replay stands where it stopped, even with a later --as-of', async () => {
    const replayed = await replayText(ndjson(SCENARIO), { mode: 'strict', asOf: at('2026-01-01T00:00:00Z') });
    const report = buildReport(replayed);
    expect(replayed.result.stoppedBy).toBe('strict');
    // Stopped at line 9; the clock is line 8's instant and nothing was moved forward.
    expect(report.asOf).toBe('2025-03-11T08:00:00Z');
    expect(report.problems).toHaveLength(1);
    expect(report.pools[0]?.installRemove.extended).toBe(2);
  });

  test('R-L3, R-L4: a strict stop at a rejected line dated later shows the ledger before that line, with no time moved', async () => {
    // Lines 1-8 of the scenario, then a valid line a year later that is rejected (unknown machine).
    const lines = [
      ...SCENARIO.slice(0, 8),
      { type: 'Uninstalled', id: 'late', at: '2026-06-01T00:00:00Z', poolId: 'p-kes', machineId: 'ghost' },
    ];
    const replayed = await replayText(ndjson(lines), { mode: 'strict' });
    const report = buildReport(replayed);
    expect(replayed.result.stoppedBy).toBe('strict');
    expect(report.problems.map(({ line, eventId, rule }) => ({ line, eventId, rule }))).toEqual([
      { line: 9, eventId: 'late', rule: 'R-L3' },
    ]);
    expect(report.asOf).toBe('2025-03-11T08:00:00Z');
    // #1 (ends 2026-01-02) is still applied and #3, #4 still queued: nothing expired on the rejected line's account.
    expect(report.pools[0]?.installRemove).toMatchObject({ expired: 0, applied: 1, extended: 2 });
  });

  test('keys of every object come in docs/report-json.md order', async () => {
    const report = buildReport(await replayText(ndjson(SCENARIO)));
    expect(Object.keys(report)).toEqual(['asOf', 'events', 'pools', 'svms', 'problems']);
    expect(Object.keys(report.events)).toEqual(['read', 'applied', 'skippedDuplicates', 'rejected', 'decodeErrors']);
    const [pool] = report.pools;
    expect(Object.keys(pool ?? {})).toEqual(['poolId', 'module', 'installRemove', 'licenseManager']);
    expect(Object.keys(pool?.installRemove ?? {})).toEqual([
      'expired',
      'applied',
      'partial',
      'pendingInstalls',
      'extended',
      'other',
      'unused',
    ]);
    expect(Object.keys(pool?.licenseManager ?? {})).toEqual(['used', 'max', 'groups']);
    expect(Object.keys(report.svms[0] ?? {})).toEqual(['svmId', 'clusterId', 'slots', 'taskErrors']);
    expect(Object.keys(report.svms[0]?.slots[0] ?? {})).toEqual(['type', 'status', 'active', 'reserve']);
    expect(Object.keys(report.problems[0] ?? {})).toEqual(['line', 'eventId', 'kind', 'rule', 'message']);
  });
});

describe('eventsOf', () => {
  test('copies the replay counts in docs/report-json.md order, whatever order they came in', () => {
    const stats = { decodeErrors: 5, rejected: 4, skippedDuplicates: 3, applied: 2, read: 1 };
    expect(JSON.stringify(eventsOf(stats))).toBe(
      '{"read":1,"applied":2,"skippedDuplicates":3,"rejected":4,"decodeErrors":5}',
    );
  });
});

describe('reportSvm', () => {
  test('sorts slots by type and prints instants with formatInstant', () => {
    const svm = reportSvm({
      svmId: 's',
      clusterId: 'c',
      slots: [
        { type: 'server', status: 'unlicensed', active: null, reserve: null },
        {
          type: 'desktop',
          status: 'licensed',
          active: { keyId: 'K', endsAt: at('2025-01-01T00:00:00.500Z') },
          reserve: null,
        },
      ],
      taskErrors: [],
    });
    expect(svm.slots.map((s) => s.type)).toEqual(['desktop', 'server']);
    expect(svm.slots[0]?.active?.endsAt).toBe('2025-01-01T00:00:00.500Z');
  });
});
