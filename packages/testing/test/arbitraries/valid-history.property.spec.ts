import {
  advanceTo,
  applyEvent,
  emptyLedger,
  type Installation,
  type LedgerEvent,
  type LedgerState,
  replay,
} from '@license-ledger/core';
import { getLicense, getMachine, getPool } from '@license-ledger/core/internal';
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { validHistory } from '../../src/arbitraries/valid-history';
import { coverageSeed } from '../support/settings';

const KEY_EVENTS = new Set(['SvmRegistered', 'KeyActivated', 'ReserveKeyAdded', 'ActivationCodeRenewal']);
const RUNNING = new Set(['applied', 'held']);

/**
 * For a KES install request or check-in, the installs of KES from other pools on
 * its (live) machine as of the event's instant, with their licenses' statuses then.
 */
const otherPoolKes = (state: LedgerState, event: LedgerEvent) => {
  if (event.type !== 'KesInstalled' && event.type !== 'InstallRequested') return undefined;
  if (getPool(state, event.poolId)?.module !== 'KES') return undefined;
  const advanced = advanceTo(event.at)(state);
  if (E.isLeft(advanced)) throw new Error(advanced.left.message);
  const now = advanced.right;
  const machine = getMachine(now, event.machineId);
  const installs =
    machine?.deletedAt === null
      ? machine.installs.filter((i) => i.poolId !== event.poolId && getPool(now, i.poolId)?.module === 'KES')
      : [];
  return { installs, licenseStatus: (install: Installation) => getLicense(now, install.licenseId)?.status };
};

describe('validHistory', () => {
  test(`R-L3/R-T1/R-L5: the ledger applies every event, in time order, with unique ids`, () => {
    fc.assert(
      fc.property(validHistory({ keys: true }), (events) => {
        const result = replay({ mode: 'strict' })(events);
        expect(result.problems).toEqual([]);
        expect(result.stats.applied).toBe(events.length);
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
        events.forEach((event, i) => expect(event.at).toBeGreaterThanOrEqual(events[i - 1]?.at ?? event.at));
      }),
    );
  });

  test(`keeps to the bounds it is given, and to license events unless asked for keys`, () => {
    fc.assert(
      fc.property(validHistory({ maxMachines: 2, maxGroups: 1, maxPools: 1 }), (events) => {
        for (const event of events) {
          expect(KEY_EVENTS.has(event.type)).toBe(false);
          if ('machineId' in event) expect(['ws-1', 'ws-2']).toContain(event.machineId);
          if ('groupId' in event) expect(event.groupId).toBe('g-1');
          if ('poolId' in event) expect(event.poolId).toBe('kes-1');
        }
      }),
    );
  });

  test(`R-I1/R-L3: no KES install lands on a machine still awaiting or running KES from another pool`, () => {
    fc.assert(
      fc.property(validHistory({ maxPools: 4 }), (events) => {
        let state = emptyLedger();
        for (const event of events) {
          const found = otherPoolKes(state, event);
          if (found !== undefined)
            expect(
              found.installs.filter((i) => i.status === 'pending' || RUNNING.has(found.licenseStatus(i) ?? '')),
            ).toEqual([]);
          state = applyEvent(event)(state).state;
        }
      }),
    );
  });

  test(`R-I1: some history installs KES from a second pool on a machine whose first KES license expired (seed ${coverageSeed})`, () => {
    const replacesExpired = (events: readonly LedgerEvent[]): boolean => {
      let state = emptyLedger();
      for (const event of events) {
        const found = otherPoolKes(state, event);
        if (found?.installs.some((i) => found.licenseStatus(i) === 'expired') === true) return true;
        state = applyEvent(event)(state).state;
      }
      return false;
    };
    expect(
      fc.sample(validHistory({ maxPools: 4 }), { seed: coverageSeed, numRuns: 300 }).filter(replacesExpired).length,
    ).toBeGreaterThan(0);
  });
});
