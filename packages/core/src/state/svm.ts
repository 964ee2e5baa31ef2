import type { History } from '../collections/history';
import type { KeyTypeName, LicenseKeySpec } from '../events/key-events';
import type { Instant } from '../time/instant';
import type { RuleId } from './rules';

/**
 * A key whose term is running: from `startAt` to min(start + termDays, expiresAt) (R-K1).
 *
 * @since 0.1.0
 */
export interface ActiveKey {
  readonly key: LicenseKeySpec;
  readonly startAt: Instant;
  readonly endsAt: Instant;
  readonly viaActivationCode: boolean;
}

/**
 * One license slot of an SVM (R-K2): server and desktop side by side, or cores alone.
 * `renewal` follows K5: `awaiting` after an activation-code key ended with no
 * reserve, `failed` after `ActivationCodeRenewal` failed.
 *
 * @since 0.1.0
 */
export interface KeySlot {
  readonly type: KeyTypeName;
  readonly active: ActiveKey | null;
  readonly reserve: LicenseKeySpec | null;
  readonly renewal: 'none' | 'awaiting' | 'failed';
}

/**
 * Why an activation task failed on an SVM (a key that cannot go into its slot).
 *
 * @since 0.1.0
 */
export type TaskErrorReason = 'no-active-key' | 'subscription' | 'trial' | 'type-mismatch' | 'edition-mismatch';

/**
 * A failed activation task on one SVM (R-K4): data, not a rejection of the log.
 *
 * @since 0.1.0
 */
export interface TaskError {
  readonly at: Instant;
  readonly eventId: string;
  readonly keyId: string;
  readonly reason: TaskErrorReason;
}

/**
 * One entry of an SVM's history: when, which event and rule, what happened, to which key.
 *
 * @since 0.1.0
 */
export interface SvmChange {
  readonly at: Instant;
  readonly eventId: string | null;
  readonly rule: RuleId;
  readonly what: string;
  readonly keyId: string | null;
}

/**
 * A Kaspersky security virtual machine (SVM): its cluster, its key slots (active and reserve) and the changes that led there.
 *
 * @since 0.1.0
 */
export interface Svm {
  readonly svmId: string;
  readonly clusterId: string;
  readonly slots: readonly KeySlot[];
  readonly taskErrors: History<TaskError>;
  readonly history: History<SvmChange>;
}
