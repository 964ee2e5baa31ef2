import type { History } from '../collections/history';
import type { Instant } from '../time/instant';
import type { RuleId } from './rules';

/**
 * Where a license stands. `reserved` is held by a pending install (R-I1); `held`
 * sits on a deleted agent waiting for recovery or Clean Database (R-D1, R-D4).
 *
 * @since 0.1.0
 */
export type LicenseStatus = 'unused' | 'reserved' | 'applied' | 'extended' | 'expired' | 'partial' | 'held' | 'other';

/**
 * The order in which partial licenses are handed out (R-I2): earliest made
 * partial first; at the same instant, in the order of the events that made them
 * (`batch`); within one recovery or Clean Database run, by when the agent was
 * deleted; then by `seq`.
 *
 * @since 0.1.0
 */
export interface PartialRank {
  readonly since: Instant;
  /** The sequence number of the event that made it partial: one per event, increasing with the log. */
  readonly batch: number;
  readonly deletedAt: Instant;
  readonly seq: number;
  readonly licenseId: string;
}

/**
 * One step of a license's history: what it became, when, through which event
 * (null for a time-driven change, R-T4) and by which rule.
 *
 * @since 0.1.0
 */
export interface LicenseChange {
  readonly at: Instant;
  readonly eventId: string | null;
  readonly rule: RuleId;
  readonly status: LicenseStatus;
  readonly machineId: string | null;
  readonly daysLeft: number | null;
  readonly note: string | null;
}

/**
 * One license, by identity (R-P3): `<poolId>#<n>`, numbered in purchase order.
 *
 * @since 0.1.0
 */
export interface License {
  readonly licenseId: string;
  readonly poolId: string;
  readonly number: number;
  /** The full term of its purchase (R-T5, R-P2); null for a seat license without a term. */
  readonly termDays: number | null;
  readonly status: LicenseStatus;
  /** The machine it is on, reserved for, queued on, or was last on. */
  readonly machineId: string | null;
  /** Whole days it carries while not running: the full term when never used, the rest when partial (R-U1). */
  readonly daysLeft: number | null;
  /** While applied: when its term started and ends (null end: a seat without term). */
  readonly startAt: Instant | null;
  readonly endAt: Instant | null;
  readonly reservedFrom: 'unused' | 'partial' | null;
  readonly partialRank: PartialRank | null;
  readonly history: History<LicenseChange>;
}
