import { advanceTo, historyToArray, type LedgerEvent, type LedgerState, type License } from '@license-ledger/core';
import { getIdHash, getMachine, poolLicenses } from '@license-ledger/core/internal';
import * as E from 'fp-ts/Either';
import type { StepInvariant, Violations } from './invariant';

/**
 * When a partial license stands in the queue (R-I2), read off its history rather
 * than core's bookkeeping: when it became partial and by which event (a give-back
 * by InstallFailed keeps its place, R-I4), and for a partial made by recovery or
 * Clean Database, when its agent was deleted.
 */
interface Place {
  readonly since: number;
  readonly eventId: string | null;
  readonly deletedAt: number;
}

const partialPlace = (license: License): Place => {
  const changes = historyToArray(license.history);
  for (let i = changes.length - 1; i >= 0; i--) {
    const change = changes[i];
    if (change === undefined || change.status !== 'partial' || change.rule === 'R-I4') continue;
    if (change.rule !== 'R-D2' && change.rule !== 'R-D4')
      return { since: change.at, eventId: change.eventId, deletedAt: change.at };
    const held = changes
      .slice(0, i)
      .reverse()
      .find((c) => c.status === 'held');
    return { since: change.at, eventId: change.eventId, deletedAt: held?.at ?? change.at };
  }
  return { since: Number.POSITIVE_INFINITY, eventId: null, deletedAt: Number.POSITIVE_INFINITY };
};

/**
 * Whether `a` must be handed out before `b`: it became partial earlier, or in the
 * same run earlier by deletion. Two partials made at one instant by different
 * events go in log order, which histories do not record: neither precedes.
 */
const precedes = (a: Place, b: Place): boolean =>
  a.since < b.since || (a.since === b.since && a.eventId === b.eventId && a.deletedAt < b.deletedAt);

const takenBy = (
  state: LedgerState,
  poolId: string,
  eventId: string,
  statuses: readonly License['status'][],
): License[] =>
  [...poolLicenses(state, poolId)].filter((license) =>
    historyToArray(license.history).some((change) => change.eventId === eventId && statuses.includes(change.status)),
  );

const wasApplied = (before: LedgerState, event: LedgerEvent, after: LedgerState): boolean =>
  getIdHash(before.appliedIds, event.id) === undefined && getIdHash(after.appliedIds, event.id) !== undefined;

const lowestUnused = (state: LedgerState, poolId: string, count: number): string[] =>
  [...poolLicenses(state, poolId)]
    .filter((l) => l.status === 'unused')
    .slice(0, count)
    .map((l) => l.licenseId);

const installChoice = (
  now: LedgerState,
  event: LedgerEvent & { poolId: string; machineId: string },
  after: LedgerState,
): Violations => {
  const machine = getMachine(now, event.machineId);
  const pending =
    machine?.deletedAt === null && machine.installs.some((i) => i.poolId === event.poolId && i.status === 'pending');
  // A check-in completing a pending install uses the license reserved at the request.
  if (event.type !== 'InstallRequested' && pending) return [];
  const chosen = takenBy(after, event.poolId, event.id, ['reserved', 'applied'])[0];
  if (chosen === undefined)
    return [`${event.type} ${event.id} was applied but no license of pool ${event.poolId} records it`];
  const partials = [...poolLicenses(now, event.poolId)].filter((l) => l.status === 'partial');
  if (partials.length === 0) {
    const [lowest] = lowestUnused(now, event.poolId, 1);
    return chosen.licenseId === lowest
      ? []
      : [
          `R-P3: ${event.type} ${event.id} took ${chosen.licenseId}, not the lowest-numbered unused ${lowest ?? '(none)'}`,
        ];
  }
  const place = partials.map((license) => ({ license, ...partialPlace(license) }));
  const mine = place.find((p) => p.license.licenseId === chosen.licenseId);
  if (mine === undefined) {
    const first = place.find((p) => !place.some((q) => precedes(q, p)));
    return [
      `R-I2: ${event.type} ${event.id} took ${chosen.licenseId}, a full license, while ${partials.length} partial licenses were left (${first?.license.licenseId ?? '?'} first)`,
    ];
  }
  const earlier = place.find((p) => precedes(p, mine));
  return earlier === undefined
    ? []
    : [
        `R-I2: ${event.type} ${event.id} took partial ${chosen.licenseId} (partial since ${mine.since}) before ${earlier.license.licenseId} (partial since ${earlier.since})`,
      ];
};

const extensionChoice = (
  now: LedgerState,
  event: Extract<LedgerEvent, { type: 'Extended' }>,
  after: LedgerState,
): Violations => {
  const taken = takenBy(after, event.poolId, event.id, ['extended']).map((l) => l.licenseId);
  const expected = lowestUnused(now, event.poolId, event.count ?? 1);
  return taken.join() === expected.join()
    ? []
    : [`R-P3: Extended ${event.id} queued ${taken.join(', ')}, not the lowest-numbered unused ${expected.join(', ')}`];
};

/**
 * R-I2 and R-P3, the order licenses are taken in: a new install (a request, or
 * a check-in without one) takes a Partial license while any is left — the one
 * that became partial earliest, those of one recovery run by when their agents
 * were deleted — and only then the lowest-numbered never-used one; `Extended`
 * queues the lowest-numbered never-used ones. The order is worked out from the
 * licenses' histories, not from core's queues.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { applyEvent, emptyLedger, parseInstant } from '@license-ledger/core'
 * import { partialsFirst } from '@license-ledger/testing'
 * const event = { type: 'LicensePurchased', id: 'e1', at: parseInstant('2025-01-01T00:00:00Z')!, poolId: 'p', module: 'KES', quantity: 1 } as const
 * assert.deepStrictEqual(partialsFirst(emptyLedger(), event, applyEvent(event)(emptyLedger()).state), [])
 */
export const partialsFirst: StepInvariant = (before, event, after) => {
  if (!wasApplied(before, event, after)) return [];
  // Time-driven changes due by the event (an auto-extend taking an unused license) happen first (R-T4).
  const advanced = advanceTo(event.at)(before);
  const now = E.isRight(advanced) ? advanced.right : before;
  switch (event.type) {
    case 'InstallRequested':
    case 'KesInstalled':
    case 'ModuleInstalled':
      return installChoice(now, event, after);
    case 'Extended':
      return extensionChoice(now, event, after);
    default:
      return [];
  }
};
