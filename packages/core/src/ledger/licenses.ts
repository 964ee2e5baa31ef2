import { appendHistory } from '../collections/history';
import { heapInsert, heapPeek, heapPop } from '../collections/leftist-heap';
import type { Edit } from '../collections/persistent-map';
import { type Instant, wholeDaysBetween } from '../time/instant';
import type { License, LicenseStatus, PartialRank } from '../state/license';
import type { Pool } from '../state/pool';
import type { RuleId } from '../state/rules';
import { licenseIdOf } from '../query/lookup';
import type { Draft, LicenseFields } from './draft';
import { counterOf, tallyOf, unusedCount } from './tally';
import { licenseEndOf } from './term-end';
import { byNumber, comparePartial } from './queue-order';

/** What caused a change: the event (or null when time-driven, R-T4), its instant and rule. */
export interface Cause {
  readonly at: Instant;
  readonly eventId: string | null;
  readonly rule: RuleId;
}

/** What a transition writes: the draft's license patch without the history (the transition appends to it), with the status. */
type TransitionPatch = Partial<Omit<LicenseFields, 'history'>> & {
  readonly status: LicenseStatus;
};

/**
 * Moves a license to a new status: keeps the pool's counters and queues in step,
 * and appends the change to the license's history.
 */
export const transition = (
  draft: Draft,
  license: License,
  patch: TransitionPatch,
  cause: Cause,
  note: string | null = null,
): License => {
  const status = patch.status;
  // Whatever it becomes, a license leaving Applied no longer ends at its endAt (applyLicense schedules a new end).
  if (license.status === 'applied' && license.endAt !== null) draft.dropLicenseEnd(license);
  const pool = draft.pool(license.poolId) as Pool;
  // The license after the change, whole and in one shape: a patch has one of eight shapes, and was copied with `Object.assign`.
  const next: { -readonly [K in keyof LicenseFields]: LicenseFields[K] } = {
    status,
    machineId: patch.machineId === undefined ? license.machineId : patch.machineId,
    daysLeft: patch.daysLeft === undefined ? license.daysLeft : patch.daysLeft,
    startAt: patch.startAt === undefined ? license.startAt : patch.startAt,
    endAt: patch.endAt === undefined ? license.endAt : patch.endAt,
    reservedFrom: patch.reservedFrom === undefined ? license.reservedFrom : patch.reservedFrom,
    partialRank: patch.partialRank === undefined ? license.partialRank : patch.partialRank,
    history: license.history,
  };
  const from = counterOf(tallyOf(license));
  const to = counterOf(tallyOf(next));
  if (from !== to || status === 'unused' || status === 'partial') {
    const target = draft.writablePool(pool);
    if (from !== null && from !== to) target.counts[from] -= 1;
    if (to !== null && from !== to) target.counts[to] += 1;
    if (status === 'unused') target.returned = heapInsert(target.returned, license.number, byNumber, draft.edit);
    if (status === 'partial')
      target.partials = heapInsert(target.partials, next.partialRank as PartialRank, comparePartial, draft.edit);
    draft.poolChanged(target);
  }
  if (!draft.keepsHistory) return draft.updateLicense(license, next);
  const entry = Object.freeze({
    at: cause.at,
    eventId: cause.eventId,
    rule: cause.rule,
    status,
    machineId: next.machineId,
    daysLeft: next.daysLeft,
    note,
  });
  next.history = appendHistory(license.history, entry);
  return draft.updateLicense(license, next);
};

/**
 * Takes the lowest-numbered never-used license out of Unused (R-P3); the caller gives it a new status.
 * Reads the pool from the draft by id: a pool object read before other writes of the
 * same event (group counts, counters) would undo them when written back.
 */
export const takeUnused = (draft: Draft, poolId: string): License | undefined => {
  const pool = draft.pool(poolId);
  if (pool === undefined) return undefined;
  // Written straight into the pool record: a pool spread and a patch per license taken cost ~1 000 instructions.
  const number = unusedNumberOf(pool);
  if (number === undefined) return undefined;
  // Read before the write below, which may be to this very record.
  const fresh = number === pool.nextFresh;
  const returned = fresh ? pool.returned : heapPop(pool.returned, byNumber, draft.edit);
  const written = draft.writablePool(pool);
  if (fresh) written.nextFresh = number + 1;
  else written.returned = returned;
  draft.poolChanged(written);
  // A number from nextFresh was never handed out, so no record of it exists yet: no lookup for it.
  return fresh ? draft.freshLicense(written, number) : draft.license(licenseIdOf(poolId, number));
};

/**
 * Which license number a pool hands out next (R-P3): the lowest given back,
 * else the next never-used one; undefined when none is left. The one place
 * that decides it, for {@link takeUnused} and {@link takeUnusedNumber}.
 */
const unusedNumberOf = (pool: Pool): number | undefined => {
  const returnedMin = heapPeek(pool.returned);
  // Everything given back was handed out once, so it is numbered below nextFresh.
  if (returnedMin !== undefined) return returnedMin;
  return pool.nextFresh > pool.max ? undefined : pool.nextFresh;
};

/**
 * The number {@link unusedNumberOf} picks and the pool without it; undefined
 * when none is left. What `forecastPools` takes licenses with (on pools it
 * owns, so it returns a new pool rather than writing a draft's). Under a
 * draft's `edit` the pool's queue may be written in place.
 */
export const takeUnusedNumber = (
  pool: Pool,
  edit: Edit | null = null,
): { readonly number: number; readonly pool: Pool } | undefined => {
  const number = unusedNumberOf(pool);
  if (number === undefined) return undefined;
  if (number !== pool.nextFresh) return { number, pool: { ...pool, returned: heapPop(pool.returned, byNumber, edit) } };
  return { number, pool: { ...pool, nextFresh: number + 1 } };
};

/** Takes the partial license that goes first (R-I2) out of Partial. */
const takePartial = (draft: Draft, poolId: string): License | undefined => {
  const pool = draft.pool(poolId);
  const first = pool === undefined ? undefined : heapPeek(pool.partials);
  if (pool === undefined || first === undefined) return undefined;
  const partials = heapPop(pool.partials, comparePartial, draft.edit);
  const written = draft.writablePool(pool);
  written.partials = partials;
  draft.poolChanged(written);
  return draft.license(first.licenseId);
};

/** Whether an install could get a license: a partial, else a never-used one (R-I2, R-I5). */
export const hasLicenseForInstall = (pool: Pool): boolean => pool.partials.size > 0 || unusedCount(pool) > 0;

/** Takes the license for a new install: partials first (R-I2). */
export const takeForInstall = (draft: Draft, poolId: string): License | undefined =>
  takePartial(draft, poolId) ?? takeUnused(draft, poolId);

/**
 * Whole days a license has at `at` (R-T3): counting down while applied, fixed otherwise
 * (an expired license has 0 even though its term dates are kept for its history).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { daysLeftAt, decodeLog, lookupLicense, parseInstant, replay, splitLines } from '@license-ledger/core'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"InstallRequested","id":"e2","at":"2025-01-02T08:00:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq"}',
 *   '{"type":"KesInstalled","id":"e3","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * // Applied on 2025-01-02 08:30 with the 365-day term: 300 days are left 65 days later (R-U1)
 * const license = lookupLicense('acme-kes#1')(state)
 * assert(license._tag === 'Right')
 * assert.equal(daysLeftAt(license.right, parseInstant('2025-03-08T08:30:00Z')!), 300)
 */
export const daysLeftAt = (license: License, at: Instant): number | null =>
  license.status !== 'applied' || license.daysLeft === null || license.startAt === null
    ? license.daysLeft
    : Math.max(0, license.daysLeft - wholeDaysBetween(license.startAt, at));

/** Starts a license's term at `startAt` on a machine and schedules its end (R-I3, R-X2). */
export const applyLicense = (
  draft: Draft,
  license: License,
  machineId: string,
  startAt: Instant,
  cause: Cause,
): License => {
  const end = licenseEndOf(license.poolId, machineId, license.licenseId, startAt, license.daysLeft);
  const endAt = end === undefined ? null : end.at;
  const applied = transition(
    draft,
    license,
    { status: 'applied', machineId, startAt, endAt, reservedFrom: null, partialRank: null },
    cause,
  );
  if (end !== undefined) draft.scheduleLicenseEnd(end);
  return applied;
};

/**
 * Takes a running license off its machine with the days it has left (R-U1, R-D2):
 * Partial while days remain, Expired with none. A seat without a term goes back to Unused.
 * `batch` orders partials made at the same instant: one number per releasing event
 * (a recovery run passes one for all it releases; by default the partial's own).
 */
export const releaseWithDaysLeft = (
  draft: Draft,
  license: License,
  daysLeft: number | null,
  deletedAt: Instant,
  cause: Cause,
  batch?: number,
): License => {
  if (daysLeft === null) {
    return transition(
      draft,
      license,
      { status: 'unused', daysLeft: license.termDays, startAt: null, endAt: null },
      cause,
    );
  }
  if (daysLeft <= 0)
    return transition(draft, license, { status: 'expired', daysLeft: 0, startAt: null, endAt: null }, cause);
  const seq = draft.nextSequence();
  // Frozen with its license when a state is handed out (`Draft.snapshot`), not here: most are taken again before.
  const partialRank: PartialRank = {
    since: cause.at,
    batch: batch ?? seq,
    deletedAt,
    seq,
    licenseId: license.licenseId,
  };
  return transition(
    draft,
    license,
    { status: 'partial', daysLeft, startAt: null, endAt: null, partialRank, reservedFrom: null },
    cause,
  );
};

/** Gives a never-used license back to Unused (R-X3, R-U2, R-D2). */
export const returnToUnused = (draft: Draft, licenseId: string, cause: Cause): void => {
  const license = draft.license(licenseId);
  if (license !== undefined) {
    transition(
      draft,
      license,
      { status: 'unused', daysLeft: license.termDays, startAt: null, endAt: null, reservedFrom: null },
      cause,
    );
  }
};
