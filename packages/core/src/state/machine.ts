import type { History } from '../collections/history';
import type { Instant } from '../time/instant';
import type { RuleId } from './rules';

/**
 * What a machine has from one pool: a pending install holding a reserved
 * license, or an installed module with its current license (possibly expired),
 * the extensions queued after it (R-X2) and auto-extend (R-X4).
 *
 * @since 0.1.0
 */
export interface Installation {
  readonly poolId: string;
  readonly status: 'pending' | 'installed';
  readonly licenseId: string;
  readonly queue: readonly string[];
  readonly autoExtend: boolean;
  readonly since: Instant;
  /**
   * For a pending reinstall over an install whose license expired: that install,
   * still on the machine (R-V3) until the reinstall completes, back if it fails.
   */
  readonly replaces: Installation | null;
}

/**
 * A note in a machine's history.
 *
 * @since 0.1.0
 */
export interface MachineChange {
  readonly at: Instant;
  readonly eventId: string | null;
  readonly rule: RuleId;
  readonly what: string;
  readonly poolId: string | null;
  readonly licenseId: string | null;
}

/**
 * One machine (agent). A deleted agent keeps its record with `deletedAt` set;
 * the next install under its id starts incarnation + 1 (R-D5).
 *
 * @since 0.1.0
 */
export interface Machine {
  readonly machineId: string;
  readonly incarnation: number;
  readonly groupId: string;
  readonly deletedAt: Instant | null;
  /** R-U3: the end user removed the antivirus by hand; licenses are unchanged. */
  readonly avRemovedAt: Instant | null;
  readonly installs: readonly Installation[];
  readonly history: History<MachineChange>;
}

/**
 * What a deleted agent still holds until RecoveryRun / CleanDatabaseRun release it (R-D1..R-D4).
 *
 * @since 0.1.0
 */
export interface DeletedAgent {
  readonly key: string;
  readonly machineId: string;
  readonly deletedAt: Instant;
  readonly installs: readonly Installation[];
}
