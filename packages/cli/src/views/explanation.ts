/**
 * What `explain` shows, as plain data: the explanation of a license or a machine
 * (core's `explainLicense` / `explainMachine`) or an SVM (key-status's
 * `explainSvm`), with instants written out and, for each license, where it counts
 * now, asked of the view packages (never recomputed here).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import {
  byId,
  explainLicense,
  explainMachine,
  formatInstant,
  type Instant,
  type LedgerState,
  type LicenseExplanation as CoreLicenseExplanation,
  type LicenseStatus,
  lookupPool,
  type MachineExplanation as CoreMachineExplanation,
  type RuleId,
} from '@license-ledger/core';
import { explainInstallRemove, type InstallRemoveCount } from '@license-ledger/install-remove';
import { explainGroup, explainUsed } from '@license-ledger/license-manager';
import { explainSvm, type SvmExplanation as CoreSvmExplanation } from '@license-ledger/key-status';
import type { Subject } from '../args';
import { type ReportSlot, reportSvm, type ReportTaskError } from './report-view';

const INSTALL_REMOVE_COUNTS: readonly InstallRemoveCount[] = [
  'expired',
  'applied',
  'partial',
  'pendingInstalls',
  'extended',
  'other',
  'unused',
];

/**
 * A step of a history: when, by which event (null: time-driven, R-T4) and rule.
 *
 * @since 0.1.0
 */
export interface Step {
  readonly at: string;
  readonly eventId: string | null;
  readonly rule: RuleId;
}

/** A step of a license's history: its status, machine and days left after it, and a note. @since 0.1.0 */
export interface LicenseStep extends Step {
  readonly status: LicenseStatus;
  readonly machineId: string | null;
  readonly daysLeft: number | null;
  readonly note: string | null;
}

/**
 * Where a license counts now: its Install/Remove count (R-V1), whether it is in
 * the License Manager's Used (R-V2), and the step that put it there.
 *
 * @since 0.1.0
 */
export interface CountedIn {
  readonly installRemove: InstallRemoveCount | null;
  readonly licenseManager: 'used' | null;
  readonly because: LicenseStep | null;
}

/** A license as `explain --license` shows it (`explainLicense`, instants written out), with the counts it is in. @since 0.1.0 */
export interface LicenseExplanation {
  readonly licenseId: string;
  readonly poolId: string;
  readonly module: string;
  readonly termDays: number | null;
  readonly status: LicenseStatus;
  readonly machineId: string | null;
  /** At `asOf`; counting down while applied (R-T3). */
  readonly daysLeft: number | null;
  readonly startAt: string | null;
  readonly endAt: string | null;
  readonly countedIn: CountedIn;
  /** Oldest first; the first step is the purchase (R-P1, R-P3). */
  readonly history: readonly LicenseStep[];
}

/** A step of a machine's history: what happened, to which pool and license. @since 0.1.0 */
export interface MachineStep extends Step {
  readonly what: string;
  readonly poolId: string | null;
  readonly licenseId: string | null;
}

/** One install on a machine now: its pool, license, queue of extensions and whether the group breakdown counts it. @since 0.1.0 */
export interface InstallNow {
  readonly poolId: string;
  readonly module: string;
  readonly status: 'pending' | 'installed';
  readonly licenseId: string;
  readonly queue: readonly string[];
  readonly autoExtend: boolean;
  readonly since: string;
  /** Whether this machine is one of its group's machines in the pool's License Manager breakdown (R-V3). */
  readonly countedInGroup: boolean;
}

/** A machine as `explain --machine` shows it (`explainMachine`, instants written out). @since 0.1.0 */
export interface MachineExplanation {
  readonly machineId: string;
  /** 1, plus one for every time the agent was deleted and the id came back (R-D5). */
  readonly incarnation: number;
  readonly groupId: string;
  readonly deletedAt: string | null;
  readonly avRemovedAt: string | null;
  readonly installs: readonly InstallNow[];
  readonly history: readonly MachineStep[];
  /** Every license that was ever on, reserved for or queued on this machine id, by pool then number. */
  readonly licenses: readonly LicenseExplanation[];
}

/** A step of an SVM's history: what happened, to which key. @since 0.1.0 */
export interface SvmStep extends Step {
  readonly what: string;
  readonly keyId: string | null;
}

/** An SVM as `explain --svm` shows it (`explainSvm`, instants written out). @since 0.1.0 */
export interface SvmExplanation {
  readonly svmId: string;
  readonly clusterId: string;
  readonly slots: readonly ReportSlot[];
  readonly taskErrors: readonly ReportTaskError[];
  readonly history: readonly SvmStep[];
}

/**
 * One explanation, tagged with what it explains.
 *
 * @since 0.1.0
 */
export type Explanation =
  | { readonly kind: 'license'; readonly license: LicenseExplanation }
  | { readonly kind: 'machine'; readonly machine: MachineExplanation }
  | { readonly kind: 'svm'; readonly svm: SvmExplanation };

const at = (instant: Instant | null): string | null => (instant === null ? null : formatInstant(instant));

/** The views' answers for one pool, asked once and shared by all its licenses. */
interface PoolCounts {
  readonly installRemove: ReadonlyMap<string, InstallRemoveCount>;
  readonly used: ReadonlySet<string>;
}

// Asked only of pools and groups the state lists, so a Left is a bug, not a user mistake.
const idsOf = (ids: E.Either<{ readonly message: string }, readonly string[]>): readonly string[] => {
  if (E.isLeft(ids)) throw new Error(ids.left.message);
  return ids.right;
};

/**
 * Every count but Unused is asked of the views, which walk only the licenses
 * that ever left Unused; a license in none of them is Unused when its status
 * says so. Asking for the Unused ids would list a billion-license purchase one
 * by one (R-P1).
 */
const countsOf = (state: LedgerState, poolId: string): PoolCounts => {
  const installRemove = new Map<string, InstallRemoveCount>();
  for (const count of INSTALL_REMOVE_COUNTS) {
    if (count !== 'unused')
      for (const id of idsOf(explainInstallRemove(poolId, count)(state))) installRemove.set(id, count);
  }
  return { installRemove, used: new Set(idsOf(explainUsed(poolId)(state))) };
};

/** Core's explanation of a license as the command shows it, with the counts it is in (asked of the views). */
const shownLicense = (explained: CoreLicenseExplanation, counts: PoolCounts): LicenseExplanation => {
  const { license } = explained;
  const history: LicenseStep[] = explained.history.map((c) => ({
    at: formatInstant(c.at),
    eventId: c.eventId,
    rule: c.rule,
    status: c.status,
    machineId: c.machineId,
    daysLeft: c.daysLeft,
    note: c.note,
  }));
  return {
    licenseId: license.licenseId,
    poolId: license.poolId,
    module: explained.module,
    termDays: license.termDays,
    status: license.status,
    machineId: license.machineId,
    daysLeft: explained.daysLeft,
    startAt: at(license.startAt),
    endAt: at(license.endAt),
    countedIn: {
      installRemove: counts.installRemove.get(license.licenseId) ?? (license.status === 'unused' ? 'unused' : null),
      licenseManager: counts.used.has(license.licenseId) ? 'used' : null,
      because: history[history.length - 1] ?? null,
    },
    history,
  };
};

const shownLicenseAlone = (state: LedgerState, explained: CoreLicenseExplanation): LicenseExplanation =>
  shownLicense(explained, countsOf(state, explained.license.poolId));

const moduleOf = (state: LedgerState, poolId: string): string => {
  const pool = lookupPool(poolId)(state);
  return E.isRight(pool) ? pool.right.module : '?';
};

const shownMachine = (state: LedgerState, explained: CoreMachineExplanation): MachineExplanation => {
  const { machine } = explained;
  const counts = new Map<string, PoolCounts>();
  const countsFor = (poolId: string): PoolCounts => {
    const known = counts.get(poolId);
    if (known !== undefined) return known;
    const asked = countsOf(state, poolId);
    counts.set(poolId, asked);
    return asked;
  };
  const installs = [...machine.installs].sort(byId((i) => i.poolId)).map((install) => ({
    poolId: install.poolId,
    module: moduleOf(state, install.poolId),
    status: install.status,
    licenseId: install.licenseId,
    queue: [...install.queue],
    autoExtend: install.autoExtend,
    since: formatInstant(install.since),
    countedInGroup: idsOf(explainGroup(install.poolId, machine.groupId)(state)).includes(machine.machineId),
  }));
  return {
    machineId: machine.machineId,
    incarnation: machine.incarnation,
    groupId: machine.groupId,
    deletedAt: at(machine.deletedAt),
    avRemovedAt: at(machine.avRemovedAt),
    installs,
    history: explained.history.map((c) => ({
      at: formatInstant(c.at),
      eventId: c.eventId,
      rule: c.rule,
      what: c.what,
      poolId: c.poolId,
      licenseId: c.licenseId,
    })),
    licenses: explained.licenses.map((license) => shownLicense(license, countsFor(license.license.poolId))),
  };
};

const shownSvm = (explained: CoreSvmExplanation): SvmExplanation => {
  const shown = reportSvm(explained.status);
  return {
    svmId: explained.status.svmId,
    clusterId: explained.status.clusterId,
    slots: shown.slots,
    taskErrors: shown.taskErrors,
    history: explained.history.map((c) => ({
      at: formatInstant(c.at),
      eventId: c.eventId,
      rule: c.rule,
      what: c.what,
      keyId: c.keyId,
    })),
  };
};

/**
 * Explains a subject at the state's clock; `undefined` when the ledger
 * does not know it (a machine never installed, a license id of no purchased
 * pool or past its Max, an SVM never registered).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { explain } from '@license-ledger/cli'
 * const log = [
 *   '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}',
 *   '{"type":"KesInstalled","id":"e2","at":"2025-01-02T09:10:00Z","poolId":"acme-kes","machineId":"ws-001","groupId":"acme.hq","installedAt":"2025-01-02T08:30:00Z"}',
 * ].join('\n')
 * const { state } = replay({ mode: 'strict' })([...decodeLog(splitLines([log]))].flat())
 * const explained = explain(state, { kind: 'license', id: 'acme-kes#1' })
 * assert(explained?.kind === 'license')
 * assert.equal(explained.license.status, 'applied')
 * assert.equal(explain(state, { kind: 'machine', id: 'ws-999' }), undefined)
 */
export const explain = (state: LedgerState, subject: Subject): Explanation | undefined => {
  switch (subject.kind) {
    case 'license': {
      const license = explainLicense(subject.id)(state);
      return E.isLeft(license) ? undefined : { kind: 'license', license: shownLicenseAlone(state, license.right) };
    }
    case 'machine': {
      const machine = explainMachine(subject.id)(state);
      return E.isLeft(machine) ? undefined : { kind: 'machine', machine: shownMachine(state, machine.right) };
    }
    case 'svm': {
      const svm = explainSvm(subject.id)(state);
      return E.isLeft(svm) ? undefined : { kind: 'svm', svm: shownSvm(svm.right) };
    }
  }
};
