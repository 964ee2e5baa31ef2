import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  advanceTo,
  DAY_MS,
  emptyLedger,
  replay,
  type Instant,
  type LedgerEvent,
  type LedgerState,
  addExactDays,
  instant,
} from '@license-ledger/core';
import { atRisk } from '../src/index';
import { svmStatuses } from '../src/svm-statuses';
import { advancedTo, eventBuilder, HOUR_MS, instantOf, licenseKey, replayedClean, T0 } from '@license-ledger/testing';

const e = eventBuilder();

const NOW = instantOf('2025-12-01T00:00:00Z');

/** svm-2's key ends first, svm-1's server and desktop keys together; svm-3's has a reserve. */
const fleet: LedgerEvent[] = [
  e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
  e('SvmRegistered', T0, { svmId: 'svm-2', clusterId: 'c1' }),
  e('SvmRegistered', T0, { svmId: 'svm-3', clusterId: 'c2' }),
  e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-1S') }), // ends 2026-01-01
  e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-1D', { type: 'desktop' }) }), // ends 2026-01-01
  e('KeyActivated', T0, { svmId: 'svm-2', key: licenseKey('K-2', { expiresAt: instantOf('2025-12-10T12:00:00Z') }) }),
  e('KeyActivated', T0, { svmId: 'svm-3', key: licenseKey('K-3', { expiresAt: instantOf('2025-12-05T00:00:00Z') }) }),
  e('ReserveKeyAdded', addExactDays(T0, 300), { target: { svmId: 'svm-3' }, key: licenseKey('K-3R') }),
];

describe('atRisk', () => {
  test('R-K5: a slot with no reserve whose key ends within the window is listed, with whole days left (R-T3)', () => {
    const rows = atRisk(10)(advancedTo(replayedClean(fleet), NOW));
    // 2025-12-01T00:00 → 2025-12-10T12:00 is 9 days 12 hours: 9 whole days.
    expect(rows).toEqual([
      {
        svmId: 'svm-2',
        clusterId: 'c1',
        type: 'server',
        keyId: 'K-2',
        endsAt: instantOf('2025-12-10T12:00:00Z'),
        daysLeft: 9,
      },
    ]);
  });

  test('R-K4, R-K5: a slot whose key has a reserve is not at risk, however soon it ends', () => {
    expect(atRisk(365)(advancedTo(replayedClean(fleet), NOW)).map((r) => r.svmId)).not.toContain('svm-3');
  });

  test('the window includes its last instant: a key ending exactly withinDays × 24 h from the clock is listed', () => {
    const state = advancedTo(replayedClean(fleet), instantOf('2025-12-02T00:00:00Z')); // 30 days before 2026-01-01
    expect(
      atRisk(30)(state)
        .filter((r) => r.svmId === 'svm-1')
        .map((r) => [r.type, r.daysLeft]),
    ).toEqual([
      ['desktop', 30],
      ['server', 30],
    ]);
    expect(
      atRisk(30)(advancedTo(replayedClean(fleet), instant(instantOf('2025-12-02T00:00:00Z') - 1))).filter(
        (r) => r.svmId === 'svm-1',
      ),
    ).toEqual([]);
  });

  test('rows are sorted by end instant, then SVM id, then slot type', () => {
    expect(atRisk(31)(advancedTo(replayedClean(fleet), NOW)).map((r) => `${r.svmId}/${r.type}`)).toEqual([
      'svm-2/server',
      'svm-1/desktop',
      'svm-1/server',
    ]);
  });

  test('R-K5: a slot that is already unlicensed, or awaiting online renewal, has no running key and is not listed', () => {
    const events = [
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A', { termDays: 10 }), viaActivationCode: true }),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-D', { type: 'desktop', termDays: 10 }) }),
    ];
    expect(atRisk(1000)(advancedTo(replayedClean(events), addExactDays(T0, 10)))).toEqual([]);
  });

  test('R-K5: once the reserve took over, the new key has no reserve and is at risk in its turn', () => {
    const rows = atRisk(400)(advancedTo(replayedClean(fleet), instantOf('2025-12-05T00:00:00Z')));
    expect(rows.find((r) => r.svmId === 'svm-3')).toEqual({
      svmId: 'svm-3',
      clusterId: 'c2',
      type: 'server',
      keyId: 'K-3R',
      endsAt: addExactDays(instantOf('2025-12-05T00:00:00Z'), 365),
      daysLeft: 365,
    });
  });

  test('less than a day left is 0 days left', () => {
    const rows = atRisk(1)(advancedTo(replayedClean(fleet), instant(instantOf('2025-12-10T12:00:00Z') - HOUR_MS)));
    expect(rows.map((r) => [r.keyId, r.daysLeft])).toEqual([['K-2', 0]]);
  });

  test('a negative window lists nothing; an empty ledger lists nothing', () => {
    expect(atRisk(-1)(replayedClean(fleet))).toEqual([]);
    expect(atRisk(30)(emptyLedger())).toEqual([]);
  });

  const fleetArb = fc
    .record({
      keys: fc.array(
        fc.record({
          svm: fc.constantFrom('svm-1', 'svm-2', 'svm-3'),
          type: fc.constantFrom('server' as const, 'desktop' as const),
          startDay: fc.integer({ min: 0, max: 60 }),
          termDays: fc.integer({ min: 1, max: 90 }),
          reserve: fc.boolean(),
        }),
        { maxLength: 12 },
      ),
      asOfHours: fc.integer({ min: 0, max: 24 * 200 }),
      windows: fc.tuple(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 0, max: 120 })),
    })
    .map(({ keys, asOfHours, windows }) => {
      const sorted = [...keys].sort((a, b) => a.startDay - b.startDay);
      const events: LedgerEvent[] = [
        e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
        e('SvmRegistered', T0, { svmId: 'svm-2', clusterId: 'c1' }),
        e('SvmRegistered', T0, { svmId: 'svm-3', clusterId: 'c2' }),
      ];
      sorted.forEach((k, i) => {
        const when = addExactDays(T0, k.startDay);
        events.push(
          e('KeyActivated', when, { svmId: k.svm, key: licenseKey(`K${i}`, { type: k.type, termDays: k.termDays }) }),
        );
        if (k.reserve)
          events.push(
            e('ReserveKeyAdded', when, {
              target: { svmId: k.svm },
              key: licenseKey(`R${i}`, { type: k.type, termDays: k.termDays }),
            }),
          );
      });
      return { events, asOf: (T0 + asOfHours * HOUR_MS) as Instant, windows };
    });

  const advanced = (events: readonly LedgerEvent[], asOf: Instant): LedgerState => {
    const { state } = replay()(events);
    const later = advanceTo(Math.max(asOf, state.clock ?? asOf) as Instant)(state);
    if (E.isLeft(later)) throw new Error(later.left.message);
    return later.right;
  };

  test(`R-K5: the list is exactly the licensed, reserve-less slots of svmStatuses ending within the window`, () => {
    fc.assert(
      fc.property(fleetArb, ({ events, asOf, windows: [days] }) => {
        const state = advanced(events, asOf);
        const clock = state.clock ?? T0;
        const expected = svmStatuses(state)
          .flatMap((svm) => svm.slots.map((slot) => ({ svm, slot })))
          .filter(
            ({ slot }) =>
              slot.status === 'licensed' &&
              slot.reserve === null &&
              slot.active !== null &&
              slot.active.endsAt - clock <= days * DAY_MS,
          )
          .map(({ svm, slot }) => `${svm.svmId}/${slot.type}/${slot.active?.keyId}`)
          .sort();
        const rows = atRisk(days)(state);
        expect(rows.map((r) => `${r.svmId}/${r.type}/${r.keyId}`).sort()).toEqual(expected);
        for (const row of rows) {
          expect(row.endsAt).toBeGreaterThan(clock);
          expect(row.daysLeft).toBeLessThanOrEqual(days);
          expect(row.daysLeft * DAY_MS).toBeLessThanOrEqual(row.endsAt - clock);
          expect((row.daysLeft + 1) * DAY_MS).toBeGreaterThan(row.endsAt - clock);
        }
        for (let i = 1; i < rows.length; i++) {
          const [a, b] = [rows[i - 1], rows[i]];
          if (a !== undefined && b !== undefined)
            expect(a.endsAt < b.endsAt || (a.endsAt === b.endsAt && a.svmId <= b.svmId)).toBe(true);
        }
      }),
    );
  });

  test(`a wider window lists every slot a narrower one does`, () => {
    fc.assert(
      fc.property(fleetArb, ({ events, asOf, windows: [a, b] }) => {
        const state = advanced(events, asOf);
        const [narrow, wide] = a <= b ? [a, b] : [b, a];
        const wider = new Set(atRisk(wide)(state).map((r) => `${r.svmId}/${r.type}`));
        for (const row of atRisk(narrow)(state)) expect(wider.has(`${row.svmId}/${row.type}`)).toBe(true);
      }),
    );
  });
});
