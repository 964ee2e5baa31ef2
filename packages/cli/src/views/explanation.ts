/**
 * What `explain` shows, as plain data: the history of a license, a machine or an
 * SVM, read from the ledger's histories, and where each license counts now,
 * asked of the view packages (never recomputed here).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import {
  byId,
  daysLeftAt,
  formatInstant,
  getLicense,
  getMachine,
  getPool,
  getSvm,
  historyToArray,
  type Instant,
  type LedgerState,
  type License,
  type LicenseStatus,
  type Pool,
  purchaseOf,
  touchedLicenses,
  type RuleId,
} from '@license-ledger/core';
import { explainInstallRemove, type InstallRemoveCount } from '@license-ledger/install-remove';
import { explainGroup, explainUsed } from '@license-ledger/license-manager';
import { keyStatus } from '@license-ledger/key-status';
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

const purchaseStep = (pool: Pool, license: License): LicenseStep[] => {
  const purchase = purchaseOf(pool, license.number);
  return purchase === undefined
    ? []
    : [
        {
          at: formatInstant(purchase.at),
          eventId: purchase.eventId,
          rule: 'R-P1',
          status: 'unused',
          machineId: null,
          daysLeft: purchase.termDays,
          note: 'purchased',
        },
      ];
};

const explainLicenseWith = (
  asOf: Instant | null,
  pool: Pool,
  counts: PoolCounts,
  license: License,
): LicenseExplanation => {
  const history: LicenseStep[] = [
    ...purchaseStep(pool, license),
    ...historyToArray(license.history).map((c) => ({
      at: formatInstant(c.at),
      eventId: c.eventId,
      rule: c.rule,
      status: c.status,
      machineId: c.machineId,
      daysLeft: c.daysLeft,
      note: c.note,
    })),
  ];
  return {
    licenseId: license.licenseId,
    poolId: license.poolId,
    module: pool.module,
    termDays: license.termDays,
    status: license.status,
    machineId: license.machineId,
    // daysLeftAt counts a running term down and leaves any other status's days as they are (R-T3).
    daysLeft: asOf === null ? license.daysLeft : daysLeftAt(license, asOf),
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

const explainLicense = (
  state: LedgerState,
  asOf: Instant | null,
  licenseId: string,
): LicenseExplanation | undefined => {
  const license = getLicense(state, licenseId);
  const pool = license === undefined ? undefined : getPool(state, license.poolId);
  if (license === undefined || pool === undefined) return undefined;
  return explainLicenseWith(asOf, pool, countsOf(state, pool.poolId), license);
};

const explainMachine = (
  state: LedgerState,
  asOf: Instant | null,
  machineId: string,
): MachineExplanation | undefined => {
  const machine = getMachine(state, machineId);
  if (machine === undefined) return undefined;
  const history = historyToArray(machine.history).map((c) => ({
    at: formatInstant(c.at),
    eventId: c.eventId,
    rule: c.rule,
    what: c.what,
    poolId: c.poolId,
    licenseId: c.licenseId,
  }));
  const poolIds = new Set([
    ...machine.installs.map((i) => i.poolId),
    ...history.flatMap((c) => (c.poolId === null ? [] : [c.poolId])),
  ]);
  const licenses: LicenseExplanation[] = [];
  for (const poolId of [...poolIds].sort()) {
    const pool = getPool(state, poolId);
    if (pool === undefined) continue;
    const counts = countsOf(state, poolId);
    // A license never handed out has no history, so only those that left Unused can have been on the machine.
    for (const license of touchedLicenses(state, poolId)) {
      if (historyToArray(license.history).some((c) => c.machineId === machineId))
        licenses.push(explainLicenseWith(asOf, pool, counts, license));
    }
  }
  const installs = [...machine.installs].sort(byId((i) => i.poolId)).map((install) => ({
    poolId: install.poolId,
    module: getPool(state, install.poolId)?.module ?? '?',
    status: install.status,
    licenseId: install.licenseId,
    queue: [...install.queue],
    autoExtend: install.autoExtend,
    since: formatInstant(install.since),
    countedInGroup: idsOf(explainGroup(install.poolId, machine.groupId)(state)).includes(machineId),
  }));
  return {
    machineId,
    incarnation: machine.incarnation,
    groupId: machine.groupId,
    deletedAt: at(machine.deletedAt),
    avRemovedAt: at(machine.avRemovedAt),
    installs,
    history,
    licenses,
  };
};

const explainSvm = (state: LedgerState, svmId: string): SvmExplanation | undefined => {
  const svm = getSvm(state, svmId);
  const status = keyStatus(svmId)(state);
  if (svm === undefined || E.isLeft(status)) return undefined;
  const shown = reportSvm(status.right);
  return {
    svmId,
    clusterId: svm.clusterId,
    slots: shown.slots,
    taskErrors: shown.taskErrors,
    history: historyToArray(svm.history).map((c) => ({
      at: formatInstant(c.at),
      eventId: c.eventId,
      rule: c.rule,
      what: c.what,
      keyId: c.keyId,
    })),
  };
};

/**
 * Explains a subject in a state standing at `asOf`; `undefined` when the ledger
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
 * const explained = explain(state, state.clock, { kind: 'license', id: 'acme-kes#1' })
 * assert(explained?.kind === 'license')
 * assert.equal(explained.license.status, 'applied')
 * assert.equal(explain(state, state.clock, { kind: 'machine', id: 'ws-999' }), undefined)
 */
export const explain = (state: LedgerState, asOf: Instant | null, subject: Subject): Explanation | undefined => {
  switch (subject.kind) {
    case 'license': {
      const license = explainLicense(state, asOf, subject.id);
      return license === undefined ? undefined : { kind: 'license', license };
    }
    case 'machine': {
      const machine = explainMachine(state, asOf, subject.id);
      return machine === undefined ? undefined : { kind: 'machine', machine };
    }
    case 'svm': {
      const svm = explainSvm(state, subject.id);
      return svm === undefined ? undefined : { kind: 'svm', svm };
    }
  }
};
