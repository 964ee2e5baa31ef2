import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import {
  advanceTo,
  applyEvent,
  DAY_MS,
  forecastPools,
  historyToArray,
  instant,
  type LedgerState,
  listMachines,
  listPools,
  type Pool,
  replay,
} from '@license-ledger/core';
import { getLicense, getPool, heapToSortedArray, mapEntries, mapValues } from '@license-ledger/core/internal';
import { installRemoveCountsOf } from '@license-ledger/install-remove';
import { licenseManagerCountsOf } from '@license-ledger/license-manager';
import { validHistory } from '../src/index';
import { coverageSeed } from './support/settings';

/** Everything a pool holds that time can change or a view reads, as plain data. */
const poolData = (pool: Pool) => ({
  poolId: pool.poolId,
  module: pool.module,
  max: pool.max,
  nextFresh: pool.nextFresh,
  counts: pool.counts,
  returned: heapToSortedArray(pool.returned, (a, b) => a - b),
  partials: heapToSortedArray(
    pool.partials,
    (a, b) => a.since - b.since || a.batch - b.batch || a.deletedAt - b.deletedAt || a.seq - b.seq,
  ),
  groups: [...mapEntries(pool.groups)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
  popup: installRemoveCountsOf(pool),
  manager: licenseManagerCountsOf(pool),
});

const forecastAndAdvance = (state: LedgerState, days: number) => {
  const until = instant((state.clock ?? 0) + days * DAY_MS);
  const advanced = advanceTo(until)(state);
  const forecast = forecastPools(until)(state);
  if (E.isLeft(advanced) || E.isLeft(forecast)) throw new Error('both reach a later instant');
  return { forecast: forecast.right, advanced: advanced.right };
};

/**
 * The state with auto-extend turned on, at its clock, for the KES installs `picks`
 * chooses (R-X4): generated histories turn it on too rarely for a forecast window
 * to see many auto-extends, and fewer still that find the pool empty.
 */
const withAutoExtend = (state: LedgerState, picks: readonly boolean[]): LedgerState => {
  if (state.clock === null) return state;
  let next = state;
  let n = 0;
  for (const machine of listMachines(state)) {
    for (const install of machine.installs) {
      if (
        install.status !== 'installed' ||
        install.autoExtend ||
        getPool(state, install.poolId)?.module !== 'KES' ||
        picks[n++ % Math.max(1, picks.length)] !== true
      )
        continue;
      const event = {
        type: 'AutoExtendSet',
        id: `forecast-auto-${n}`,
        at: state.clock,
        poolId: install.poolId,
        machineId: machine.machineId,
        enabled: true,
      } as const;
      next = applyEvent(event)(next).state;
    }
  }
  return next;
};

const withAutoExtendArbitrary = fc.tuple(
  validHistory({ maxMachines: 6 }),
  fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }),
  fc.integer({ min: 0, max: 730 }),
);

/** The time-driven takeovers (R-X2, R-X4) and failed auto-extends between two states. */
const takeoversBetween = (
  before: LedgerState,
  after: LedgerState,
): { extensions: number; autoExtends: number; failed: number } => {
  const since = before.clock ?? -Infinity;
  let extensions = 0;
  let autoExtends = 0;
  for (const license of mapValues(after.licenses)) {
    for (const change of historyToArray(license.history)) {
      if (change.eventId !== null || change.at <= since || change.status !== 'applied') continue;
      if (change.rule === 'R-X2') extensions += 1;
      if (change.rule === 'R-X4') autoExtends += 1;
    }
  }
  let failed = 0;
  for (const machine of mapValues(after.machines)) {
    for (const note of historyToArray(machine.history))
      if (note.eventId === null && note.at > since && note.what.includes('auto-extend failed')) failed += 1;
  }
  return { extensions, autoExtends, failed };
};

/**
 * The indexes `forecastPools` reads, as they must be, recomputed from the licenses
 * and machines: the end of every applied license with a term; the ends of the
 * licenses run by installs with extensions queued or auto-extend on, with those installs.
 */
const byLicense = (a: { licenseId: string }, b: { licenseId: string }) =>
  a.licenseId < b.licenseId ? -1 : a.licenseId > b.licenseId ? 1 : 0;

const expectIndexesExact = (state: LedgerState): void => {
  const applied = [...mapValues(state.licenses)].filter(
    (license) => license.status === 'applied' && license.endAt !== null,
  );
  const ends = [...mapValues(state.licenseEnds)].flatMap((day) => [...mapValues(day)]);
  expect(ends.sort(byLicense)).toEqual(
    applied
      .map((license) => ({
        at: license.endAt,
        kind: 'license-end',
        poolId: license.poolId,
        machineId: license.machineId,
        licenseId: license.licenseId,
      }))
      .sort(byLicense),
  );
  const renewing = listMachines(state).flatMap((machine) =>
    machine.installs.filter((install) => install.queue.length > 0 || install.autoExtend),
  );
  const appliedIds = new Set(applied.map((license) => license.licenseId));
  // An end that already happened may stay behind; it counts only while licenseEnds holds that very due.
  const renewingEnds = [...mapEntries(state.renewingEnds)]
    .filter(([, { due }]) => ends.includes(due))
    .map(([licenseId, { due, install }]) => ({ licenseId, ref: due.licenseId, at: due.at, install }));
  expect(renewingEnds.sort(byLicense)).toEqual(
    renewing
      .filter((install) => appliedIds.has(install.licenseId))
      .map((install) => ({
        licenseId: install.licenseId,
        ref: install.licenseId,
        at: getLicense(state, install.licenseId)?.endAt,
        install,
      }))
      .sort(byLicense),
  );
};

describe('the indexes forecastPools reads', () => {
  test(`R-T2, R-X2, R-X4: licenseEnds and renewingEnds are exact after a replay and after advancing`, () => {
    fc.assert(
      fc.property(withAutoExtendArbitrary, ([events, picks, days]) => {
        const state = withAutoExtend(replay()(events).state, picks);
        expectIndexesExact(state);
        expectIndexesExact(forecastAndAdvance(state, days).advanced);
      }),
    );
  });
});

describe('forecastPools', () => {
  test(`R-T4: every forecast pool equals advanceTo's (counts, queues, groups, popup and License Manager numbers), up to two years on`, () => {
    fc.assert(
      fc.property(validHistory(), fc.integer({ min: 0, max: 730 }), (events, days) => {
        const { forecast, advanced } = forecastAndAdvance(replay()(events).state, days);
        expect(forecast.map(poolData)).toEqual(listPools(advanced).map(poolData));
      }),
    );
  });

  test(`R-T4, R-K5: key ends in the window change no pool`, () => {
    fc.assert(
      fc.property(validHistory({ keys: true }), fc.integer({ min: 0, max: 730 }), (events, days) => {
        const { forecast, advanced } = forecastAndAdvance(replay()(events).state, days);
        expect(forecast.map(poolData)).toEqual(listPools(advanced).map(poolData));
      }),
    );
  });

  test(`R-T4, R-X4: the same with auto-extend on for some KES installs, so they compete for the pool's never-used licenses`, () => {
    fc.assert(
      fc.property(withAutoExtendArbitrary, ([events, picks, days]) => {
        const { forecast, advanced } = forecastAndAdvance(withAutoExtend(replay()(events).state, picks), days);
        expect(forecast.map(poolData)).toEqual(listPools(advanced).map(poolData));
      }),
    );
  });

  test(`R-X2, R-X4: the histories it is checked on reach extension takeovers, auto-extends and failed auto-extends inside the window (seed ${coverageSeed})`, () => {
    const seen = { extensions: 0, autoExtends: 0, failed: 0 };
    const count = (state: LedgerState, days: number) => {
      const found = takeoversBetween(state, forecastAndAdvance(state, days).advanced);
      seen.extensions += found.extensions > 0 ? 1 : 0;
      seen.autoExtends += found.autoExtends > 0 ? 1 : 0;
      seen.failed += found.failed > 0 ? 1 : 0;
    };
    for (const [events, days] of fc.sample(fc.tuple(validHistory(), fc.integer({ min: 0, max: 730 })), {
      seed: coverageSeed,
      numRuns: 100,
    }))
      count(replay()(events).state, days);
    for (const [events, picks, days] of fc.sample(withAutoExtendArbitrary, { seed: coverageSeed, numRuns: 100 }))
      count(withAutoExtend(replay()(events).state, picks), days);
    expect(seen.extensions).toBeGreaterThan(5);
    expect(seen.autoExtends).toBeGreaterThan(5);
    expect(seen.failed).toBeGreaterThan(2);
  });
});
