import { END_BUCKET_MS, endBucket } from '../../src/ledger/agenda';
import {
  applyEvent,
  createReplayer,
  DAY_MS,
  emptyLedger,
  type LedgerState,
  type LicenseEnd,
  replay,
} from '../../src/index';
import { heapValues, mapEntries, mapValues } from '../../src/internal';
import fc from 'fast-check';
import { toSnapshot } from '../../src/snapshot/snapshot';
import { OverlayMap } from '../../src/collections/overlay-map';
import { applyToDraft } from '../../src/ledger/apply';
import { Draft, WARMED_POOL } from '../../src/ledger/draft';
import { POOL_COUNTERS } from '../../src/state/pool';
import type { LedgerEvent } from '../../src/index';
import {
  advancedTo,
  eventBuilder,
  fingerprintDifference,
  instantOf,
  ledgerFingerprint,
  replayedClean,
  validHistory,
} from '@license-ledger/testing';

/** Every entry of `licenseEnds`, checked to sit in the bucket of its week and pool. */
const licenseEnds = (state: LedgerState): LicenseEnd[] => {
  const out: LicenseEnd[] = [];
  for (const [bucket, ends] of mapEntries(state.licenseEnds)) {
    for (const due of mapValues(ends)) {
      expect(endBucket(due.at, due.poolId)).toBe(bucket);
      out.push(due);
    }
  }
  return out.sort((a, b) => a.at - b.at || (a.licenseId < b.licenseId ? -1 : 1));
};

const history = () => {
  const e = eventBuilder();
  return [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 6, termDays: 30 }),
    e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'hq' }),
    e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
    e('AutoExtendSet', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', enabled: true }),
  ];
};

describe('licenseEnds', () => {
  test('R-T2: holds the end of every applied license with a term, in the bucket of its week and pool, and nothing else', () => {
    const state = replayedClean(history());
    expect(licenseEnds(state)).toEqual([
      {
        at: instantOf('2025-01-31T00:00:00Z'),
        kind: 'license-end',
        poolId: 'kes',
        machineId: 'ws-1',
        licenseId: 'kes#1',
      },
      {
        at: instantOf('2025-02-01T00:00:00Z'),
        kind: 'license-end',
        poolId: 'kes',
        machineId: 'ws-2',
        licenseId: 'kes#2',
      },
    ]);
  });

  test('R-X2, R-X4: an end that came due leaves it; the license that took over brings its own', () => {
    const later = advancedTo(replayedClean(history()), '2025-02-01T00:00:00Z');
    expect(licenseEnds(later).map((due) => [due.licenseId, due.at])).toEqual([
      ['kes#3', instantOf('2025-03-02T00:00:00Z')],
      ['kes#4', instantOf('2025-03-03T00:00:00Z')],
    ]);
  });

  test('R-U1, R-D1: a license taken off its machine leaves it, and an emptied bucket goes too', () => {
    const e = eventBuilder();
    const events = history();
    const state = replayedClean(
      [
        ...events,
        e('Uninstalled', '2025-01-05T00:00:00Z', { poolId: 'kes', machineId: 'ws-1' }),
        e('AgentDeleted', '2025-01-05T00:00:00Z', { machineId: 'ws-2' }),
      ].map((event, i) => ({ ...event, id: `x${i}` })),
    );
    expect(licenseEnds(state)).toEqual([]);
    expect(state.licenseEnds.size).toBe(0);
  });
});

describe('Draft.checkpoint', () => {
  test('R-L3: an event rejected after due changes ran leaves every end bucket as it was (the journal writes under an edit token of its own)', () => {
    const e = eventBuilder();
    // Eight terms ending the same week in one pool: one bucket, a trie with branches the due changes write to.
    const events = [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 20, termDays: 30 }),
      ...Array.from({ length: 8 }, (_, i) =>
        e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: `ws-${i}`, groupId: 'hq' }),
      ),
      e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
    ];
    // Rejected (no install pending, R-I4) once the eight ends have run (R-T4): it must move nothing (R-L3).
    const rejected = e('InstallFailed', '2025-02-15T00:00:00Z', { poolId: 'kes', machineId: 'ws-1' });
    const next = e('RecoveryRun', '2025-02-16T00:00:00Z', {});
    const withRejected = replay({ mode: 'lenient' })([...events, rejected, next]);
    const without = replay({ mode: 'lenient' })([...events, next]);
    expect(withRejected.problems.map((problem) => problem.rule)).toEqual(['R-I4']);
    expect(licenseEnds(withRejected.state)).toEqual(licenseEnds(without.state));
    expect(withRejected.state.licenseEnds.size).toBe(without.state.licenseEnds.size);
    const before = replay({ mode: 'lenient' })([...events, rejected]);
    expect(licenseEnds(before.state)).toEqual(licenseEnds(replay({ mode: 'lenient' })(events).state));
    expect(licenseEnds(before.state)).toHaveLength(8);
  });
});

describe('renewingEnds', () => {
  const ends = (state: LedgerState) =>
    [...mapEntries(state.renewingEnds)]
      .map(([licenseId, { due, install }]) => ({
        licenseId,
        at: due.at,
        install: install.licenseId,
        status: install.status,
      }))
      .sort((a, b) => (a.licenseId < b.licenseId ? -1 : 1));

  test('R-X2, R-X4: holds the ends of the licenses renewing installs run, with those installs', () => {
    expect(ends(replayedClean(history()))).toEqual([
      { licenseId: 'kes#1', at: instantOf('2025-01-31T00:00:00Z'), install: 'kes#1', status: 'installed' },
      { licenseId: 'kes#2', at: instantOf('2025-02-01T00:00:00Z'), install: 'kes#2', status: 'installed' },
    ]);
  });

  test("R-X3, R-X4, R-D1: an end leaves it when its install's queue empties, auto-extend goes off, or its agent is deleted", () => {
    const e = eventBuilder();
    const state = replayedClean(
      [
        ...history(),
        e('Returned', '2025-01-05T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
        e('AutoExtendSet', '2025-01-05T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', enabled: false }),
      ].map((event, i) => ({ ...event, id: `x${i}` })),
    );
    expect(ends(state)).toEqual([]);
    const deleted = replayedClean(
      [...history(), e('AgentDeleted', '2025-01-05T00:00:00Z', { machineId: 'ws-2' })].map((event, i) => ({
        ...event,
        id: `y${i}`,
      })),
    );
    expect(ends(deleted).map((end) => end.licenseId)).toEqual(['kes#1']);
  });

  test('R-X2, R-X4: follows takeovers: the last extension runs a plain end, an auto-extended license a renewing one', () => {
    expect(ends(advancedTo(replayedClean(history()), '2025-02-01T00:00:00Z'))).toEqual([
      { licenseId: 'kes#4', at: instantOf('2025-03-03T00:00:00Z'), install: 'kes#4', status: 'installed' },
    ]);
  });

  test('R-X4, R-I4: a reinstall that carried auto-extend over renews from the instant its license is applied', () => {
    const e = eventBuilder();
    const events = [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1, termDays: 30 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
      e('AutoExtendSet', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', enabled: true }),
      // 2025-01-31: kes#1 ends and auto-extend finds nothing; the install stays, expired, auto-extend on.
      e('LicensePurchased', '2025-02-05T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1, termDays: 30 }),
      e('InstallRequested', '2025-02-06T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
    ];
    const pending = replayedClean(events);
    expect(ends(pending)).toEqual([]);
    const installed = replayedClean([
      ...events,
      e('KesInstalled', '2025-02-07T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
    ]);
    expect(ends(installed)).toEqual([
      { licenseId: 'kes#2', at: instantOf('2025-03-09T00:00:00Z'), install: 'kes#2', status: 'installed' },
    ]);
  });
});

describe('endBucket', () => {
  test('R-T2: an end bucket is the UTC week number since the epoch, then the pool id (which may hold a |)', () => {
    expect(endBucket(instantOf('1970-01-07T23:59:59Z'), 'kes')).toBe('0|kes');
    expect(endBucket(instantOf('1970-01-08T00:00:00Z'), 'a|b')).toBe('1|a|b');
    expect(END_BUCKET_MS).toBe(7 * DAY_MS);
  });
});

/** 120 machines on one pool, then a tail that reads and writes most of them, with rejections and term ends among it. */
const manyMachines = () => {
  const e = eventBuilder();
  const ids = Array.from({ length: 120 }, (_, i) => `m-${i}`);
  const head = [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 300, termDays: 30 }),
    ...ids.map((machineId, i) =>
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId, groupId: i % 2 === 0 ? 'hq' : 'lab' }),
    ),
  ];
  const tail = [
    ...ids.map((machineId) => e('Extended', '2025-01-10T00:00:00Z', { poolId: 'kes', machineId, count: 1 })),
    e('Extended', '2025-01-11T00:00:00Z', { poolId: 'kes', machineId: 'ghost', count: 1 }),
    ...ids
      .filter((_, i) => i % 3 === 0)
      .map((machineId) => e('Returned', '2025-01-12T00:00:00Z', { poolId: 'kes', machineId })),
    ...ids
      .filter((_, i) => i % 4 === 0)
      .map((machineId) => e('Uninstalled', '2025-01-13T00:00:00Z', { poolId: 'kes', machineId })),
    ...Array.from({ length: 20 }, (_, i) =>
      e('KesInstalled', '2025-03-15T00:00:00Z', { poolId: 'kes', machineId: `n-${i}`, groupId: 'hq' }),
    ),
  ];
  return { head, tail };
};

describe('Draft.snapshot', () => {
  test('F9, R-L6: machines read before a state is handed out are copied, never written in place, afterwards; the replay ends as one without the hand-out', () => {
    const e = eventBuilder('later-');
    const events = [
      ...history(),
      // ws-2 then ws-1: ws-1 is read again after the hand-out, not as the machine read last.
      e('KesInstalled', '2025-01-05T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', groupId: 'hq' }),
      e('AutoExtendSet', '2025-01-06T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', enabled: false }),
      e('AutoExtendSet', '2025-01-06T01:00:00Z', { poolId: 'kes', machineId: 'ws-1', enabled: true }),
      e('Uninstalled', '2025-01-07T00:00:00Z', { poolId: 'kes', machineId: 'ws-1' }),
    ];
    const replayer = createReplayer({ mode: 'strict' });
    for (const event of events.slice(0, 6)) replayer.push(event);
    const handedOut = replayer.result().state;
    const written = toSnapshot(handedOut);
    for (const event of events.slice(6)) expect(replayer.push(event)).toBe(true);
    const full = replay({ mode: 'strict' })(events);
    expect(fingerprintDifference(ledgerFingerprint(full.state), ledgerFingerprint(replayer.result().state))).toBeNull();
    expect(toSnapshot(handedOut)).toEqual(written);
  });
});

describe('Draft (a state taken over)', () => {
  test('R-L6, R-L3: a tail that reads most of 120 machines takes the maps over, with a rejection and term ends among it, and ends as one full replay; the state it started from is unchanged', () => {
    const { head, tail } = manyMachines();
    const start = replay({ mode: 'lenient' })(head);
    const written = toSnapshot(start.state);
    const resumed = replay({ mode: 'lenient', from: start.state })(tail);
    const full = replay({ mode: 'lenient' })([...head, ...tail]);
    expect(start.state.machines.size).toBe(120);
    expect(resumed.stats.rejected).toBeGreaterThanOrEqual(1);
    expect(fingerprintDifference(ledgerFingerprint(full.state), ledgerFingerprint(resumed.state))).toBeNull();
    expect(JSON.stringify(resumed.problems)).toBe(JSON.stringify(full.problems));
    expect(toSnapshot(start.state)).toEqual(written);
  });

  test('R-L6: a replay from a state of many machines and licenses, which reads enough of them to copy them into maps of its own, ends as one full replay and leaves that state as it was', () => {
    fc.assert(
      fc.property(
        validHistory({ maxMachines: 150, maxCommands: 1200, maxPools: 2 }),
        fc.double({ min: 0.3, max: 0.7, noNaN: true }),
        (events, at) => {
          const cut = Math.floor(events.length * at);
          const head = replay({ mode: 'lenient' })(events.slice(0, cut));
          const written = toSnapshot(head.state);
          const resumed = replay({ mode: 'lenient', from: head.state })(events.slice(cut));
          const full = replay({ mode: 'lenient' })(events);
          expect(fingerprintDifference(ledgerFingerprint(full.state), ledgerFingerprint(resumed.state))).toBeNull();
          expect(toSnapshot(head.state)).toEqual(written);
        },
      ),
      { numRuns: 25 },
    );
  });
});

/**
 * One pool of one-year terms: 50 machines that keep theirs, and 200 that are
 * uninstalled and installed again twice, dropping 400 ends before their term.
 */
const churn = () => {
  const e = eventBuilder();
  const machines = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  const installs = (ids: string[], at: string) =>
    ids.map((machineId) => e('KesInstalled', at, { poolId: 'kes', machineId, groupId: 'hq' }));
  const uninstalls = (ids: string[], at: string) =>
    ids.map((machineId) => e('Uninstalled', at, { poolId: 'kes', machineId }));
  const churning = machines('c', 200);
  return [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 300, termDays: 365 }),
    ...installs(machines('s', 50), '2025-01-01T12:00:00Z'),
    ...installs(churning, '2025-01-02T00:00:00Z'),
    ...uninstalls(churning, '2025-02-01T00:00:00Z'),
    ...installs(churning, '2025-03-01T00:00:00Z'),
    ...uninstalls(churning, '2025-04-01T00:00:00Z'),
    ...installs(churning, '2025-05-01T00:00:00Z'),
  ];
};

describe('Draft (agenda)', () => {
  test('R-T2, R-T4: a replay takes the ends it dropped off its agenda once they could be half of it, and answers as applyEvent step by step, now and when the terms end', () => {
    const events = churn();
    const full = replay({ mode: 'strict' })(events);
    let stepwise = emptyLedger();
    for (const event of events) stepwise = applyEvent(event)(stepwise).state;
    // 650 ends were scheduled and 400 dropped; applyEvent's drafts (one event each) purge nothing.
    expect(stepwise.agenda.size).toBe(650);
    expect(full.state.agenda.size).toBeLessThan(350);
    expect(full.state.agenda.size).toBeGreaterThanOrEqual(licenseEnds(full.state).length);
    expect(licenseEnds(full.state)).toHaveLength(250);
    expect(fingerprintDifference(ledgerFingerprint(stepwise), ledgerFingerprint(full.state))).toBeNull();
    for (const when of ['2025-12-31T00:00:00Z', '2026-01-02T00:00:00Z', '2026-06-01T00:00:00Z'])
      expect(
        fingerprintDifference(
          ledgerFingerprint(advancedTo(stepwise, when)),
          ledgerFingerprint(advancedTo(full.state, when)),
        ),
      ).toBeNull();
  });
});

/** The agenda entries, license ends and renewing ends of `state` (with the end each renewing end holds) that are not frozen. */
const unfrozenDues = (state: LedgerState): string[] => [
  ...heapValues(state.agenda)
    .filter((due) => !Object.isFrozen(due))
    .map((due) => `agenda ${due.kind} at ${due.at}`),
  ...licenseEnds(state)
    .filter((end) => !Object.isFrozen(end))
    .map((end) => `licenseEnds ${end.licenseId}`),
  ...[...mapValues(state.renewingEnds)]
    .filter((entry) => !Object.isFrozen(entry) || !Object.isFrozen(entry.due))
    .map((entry) => `renewingEnds ${entry.due.licenseId}`),
];

describe('Draft (dues frozen when handed out)', () => {
  test("F9: agenda entries and license ends, scheduled unfrozen, are frozen in every state handed out: a replay's, one handed out midway and the next, and applyEvent's", () => {
    const e = eventBuilder('renewing-');
    const events = [
      ...churn(),
      // Renewing ends (an extension, auto-extend) and ends that come due: entries leave the agenda before a hand-out.
      e('Extended', '2025-05-02T00:00:00Z', { poolId: 'kes', machineId: 's-1', count: 1 }),
      e('AutoExtendSet', '2025-05-02T00:00:00Z', { poolId: 'kes', machineId: 's-2', enabled: true }),
      // Auto-extend that finds no license: the renewing end stays, though its entry left the agenda when it came due.
      e('LicensePurchased', '2025-05-03T00:00:00Z', { poolId: 'tiny', module: 'KES', quantity: 1, termDays: 30 }),
      e('KesInstalled', '2025-05-03T00:00:00Z', { poolId: 'tiny', machineId: 't-1', groupId: 'hq' }),
      e('AutoExtendSet', '2025-05-03T00:00:00Z', { poolId: 'tiny', machineId: 't-1', enabled: true }),
      e('KesInstalled', '2026-01-03T00:00:00Z', { poolId: 'kes', machineId: 'late', groupId: 'hq' }),
    ];
    const full = replay({ mode: 'strict' })(events);
    expect(heapValues(full.state.agenda).length).toBeGreaterThan(100);
    expect(mapValues(full.state.renewingEnds).next().done).toBe(false);
    expect(unfrozenDues(full.state)).toEqual([]);
    const replayer = createReplayer({ mode: 'strict' });
    for (const event of events.slice(0, 400)) expect(replayer.push(event)).toBe(true);
    expect(unfrozenDues(replayer.result().state)).toEqual([]);
    for (const event of events.slice(400)) expect(replayer.push(event)).toBe(true);
    expect(unfrozenDues(replayer.result().state)).toEqual([]);
    let stepwise = emptyLedger();
    for (const event of events.slice(0, 80)) {
      stepwise = applyEvent(event)(stepwise).state;
      expect(unfrozenDues(stepwise)).toEqual([]);
    }
  });
});

/** The keys each event had the draft's maps look up (`get`) and ask ownership of (`owns`), one event at a time. */
const lookupsPerEvent = (draft: Draft, events: readonly LedgerEvent[]) => {
  const get = jest.spyOn(OverlayMap.prototype, 'get');
  const owns = jest.spyOn(OverlayMap.prototype, 'owns');
  try {
    return events.map((event) => {
      get.mockClear();
      owns.mockClear();
      expect(applyToDraft(draft, event).kind).toBe('applied');
      return { type: event.type, gets: get.mock.calls.map(([key]) => key), owns: owns.mock.calls.map(([key]) => key) };
    });
  } finally {
    get.mockRestore();
    owns.mockRestore();
  }
};

describe('Draft (license ends)', () => {
  const renewing = () => {
    const e = eventBuilder();
    return [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 8, termDays: 30 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'hq' }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'hq' }),
      e('AutoExtendSet', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', enabled: true }),
      e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', groupId: 'hq' }),
      e('Extended', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
    ];
  };

  test('R-X1, R-X4: a renewing install changed keeps its end without its license looked up again', () => {
    const per = lookupsPerEvent(new Draft(emptyLedger()), renewing());
    const lookupsOf = (i: number, licenseId: string) => per[i]?.gets.filter((key) => key === licenseId).length;
    // AutoExtendSet reads no license; Extended reads the license it extends once, to decide.
    expect(lookupsOf(3, 'kes#1')).toBe(0);
    expect(lookupsOf(5, 'kes#1')).toBe(1);
  });

  test('R-X4: auto-extend set on a license applied before the state was handed out renews with the end that state holds', () => {
    const events = renewing();
    const full = replayedClean(events);
    const before = replayedClean(events.slice(0, 3));
    let stepwise = before;
    for (const event of events.slice(3)) stepwise = applyEvent(event)(stepwise).state;
    const renewingEnds = (state: LedgerState) =>
      [...mapEntries(state.renewingEnds)].map(([licenseId, { due, install }]) => [licenseId, due, install.licenseId]);
    expect(renewingEnds(stepwise)).toEqual(renewingEnds(full));
    expect(renewingEnds(stepwise)).toEqual([['kes#1', licenseEnds(before)[0], 'kes#1']]);
  });
});

describe('warmUpDraft', () => {
  test('has written, when the module loaded, every pool counter and every pool field a change writes in place', () => {
    for (const counter of POOL_COUNTERS) expect([counter, WARMED_POOL.counts[counter]]).toEqual([counter, 1]);
    expect(WARMED_POOL.max).toBe(1);
    expect(WARMED_POOL.nextFresh).toBe(2);
    expect(heapValues(WARMED_POOL.returned)).toEqual([1]);
    expect(heapValues(WARMED_POOL.partials)).toHaveLength(1);
    expect([...mapEntries(WARMED_POOL.groups)]).toEqual([['', 1]]);
  });
});
