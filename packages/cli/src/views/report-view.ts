/**
 * The report of docs/report-json.md as plain data, built from a replayed log through the
 * view packages. Objects are built key by key in the documented order, so the
 * JSON rendering is byte-stable (R-L6).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import {
  byId,
  formatInstant,
  type Instant,
  type LedgerState,
  listPools,
  listSvms,
  type ReplayResult,
  type ReplayStats,
  type RuleId,
} from '@license-ledger/core';
import { type InstallRemoveCounts, installRemoveCounts } from '@license-ledger/install-remove';
import { licenseManagerCounts } from '@license-ledger/license-manager';
import { keyStatus, type SvmStatus } from '@license-ledger/key-status';

/** One group of a pool's License Manager breakdown: its machines counted (R-V3). @since 0.1.0 */
export interface ReportGroup {
  readonly groupId: string;
  readonly machines: number;
}

/**
 * One pool: its Install/Remove popup (R-V1) and License Manager numbers (R-V2, R-V3).
 *
 * @since 0.1.0
 */
export interface ReportPool {
  readonly poolId: string;
  readonly module: string;
  readonly installRemove: InstallRemoveCounts;
  readonly licenseManager: { readonly used: number; readonly max: number; readonly groups: readonly ReportGroup[] };
}

/** One key slot of an SVM: its type, status, active and reserve key (R-K1..R-K5). @since 0.1.0 */
export interface ReportSlot {
  readonly type: string;
  readonly status: string;
  readonly active: { readonly keyId: string; readonly endsAt: string } | null;
  readonly reserve: { readonly keyId: string } | null;
}

/** One failed activation task on an SVM: when, which key, why (R-K4). @since 0.1.0 */
export interface ReportTaskError {
  readonly at: string;
  readonly keyId: string;
  readonly reason: string;
}

/** One SVM's key slots and failed activation tasks (R-K1..R-K5). @since 0.1.0 */
export interface ReportSvm {
  readonly svmId: string;
  readonly clusterId: string;
  readonly slots: readonly ReportSlot[];
  readonly taskErrors: readonly ReportTaskError[];
}

/** A decode error (R-L2) or a rejected event (R-L3). @since 0.1.0 */
export interface ReportProblem {
  readonly line: number | null;
  readonly eventId: string | null;
  readonly kind: 'decode' | 'rejected';
  readonly rule: RuleId;
  readonly message: string;
}

/**
 * The whole report, keys in docs/report-json.md's order.
 *
 * @since 0.1.0
 */
export interface Report {
  readonly asOf: string | null;
  readonly events: ReplayStats;
  readonly pools: readonly ReportPool[];
  readonly svms: readonly ReportSvm[];
  readonly problems: readonly ReportProblem[];
  /**
   * Problems found after the first `--max-problems` (counted exactly, not
   * listed); present only when some were left out, after `problems`.
   */
  readonly problemsNotListed?: number;
}

/**
 * What a report is built from: a replayed log (the CLI's `ReplayedLog`, a whole
 * state) or only what its counts are read from (core's `ReplayView`, which a
 * `Replayer` hands out without building the rest of a state), at `asOf`.
 *
 * @since 0.6.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { createReplayer, decodeLine } from '@license-ledger/core'
 * import { buildReport, type ReportSource } from '@license-ledger/cli'
 * const replayer = createReplayer({ mode: 'lenient' })
 * replayer.push(decodeLine({ line: 1, text: '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}' }))
 * const view = E.getOrElseW(() => assert.fail())(replayer.view())
 * const source: ReportSource = { result: view, state: view, asOf: view.clock }
 * assert.deepStrictEqual(buildReport(source).pools.map((pool) => [pool.poolId, pool.installRemove.unused]), [['acme-kes', 10]])
 */
export interface ReportSource {
  readonly result: Pick<ReplayResult, 'stats' | 'problems' | 'problemsNotKept'>;
  readonly state: Pick<LedgerState, 'pools' | 'svms'>;
  /** The instant the views stand at; null only for a log with no event and no `--as-of`. */
  readonly asOf: Instant | null;
}

const poolOf = (replayed: ReportSource, poolId: string, module: string): ReportPool => {
  const popupOrError = installRemoveCounts(poolId)(replayed.state);
  const managerOrError = licenseManagerCounts(poolId)(replayed.state);
  if (E.isLeft(popupOrError)) throw new Error(popupOrError.left.message);
  if (E.isLeft(managerOrError)) throw new Error(managerOrError.left.message);
  const popup = popupOrError.right;
  const manager = managerOrError.right;
  return {
    poolId,
    module,
    installRemove: {
      expired: popup.expired,
      applied: popup.applied,
      partial: popup.partial,
      pendingInstalls: popup.pendingInstalls,
      extended: popup.extended,
      other: popup.other,
      unused: popup.unused,
    },
    licenseManager: {
      used: manager.used,
      max: manager.max,
      groups: [...manager.groups]
        .sort(byId((g) => g.groupId))
        .map((g) => ({ groupId: g.groupId, machines: g.machines })),
    },
  };
};

/**
 * One SVM of the key-status view, as the report prints it: slots by type, task
 * errors in the order the tasks failed (they have no id to sort by).
 *
 * @since 0.1.0
 */
export const svmStatusesOf = (state: Pick<LedgerState, 'svms'>): readonly SvmStatus[] =>
  listSvms(state).map((svm) => {
    const status = keyStatus(svm.svmId)(state);
    if (E.isLeft(status)) throw new Error(status.left.message);
    return status.right;
  });

export const reportSvm = (svm: SvmStatus): ReportSvm => ({
  svmId: svm.svmId,
  clusterId: svm.clusterId,
  slots: [...svm.slots].sort(byId((s) => s.type)).map((slot) => ({
    type: slot.type,
    status: slot.status,
    active: slot.active === null ? null : { keyId: slot.active.keyId, endsAt: formatInstant(slot.active.endsAt) },
    reserve: slot.reserve === null ? null : { keyId: slot.reserve.keyId },
  })),
  taskErrors: svm.taskErrors.map((e) => ({ at: formatInstant(e.at), keyId: e.keyId, reason: e.reason })),
});

/**
 * The replay's counts, keys in docs/report-json.md's order.
 *
 * @since 0.1.0
 */
export const eventsOf = (stats: ReplayStats): ReplayStats => ({
  read: stats.read,
  applied: stats.applied,
  skippedDuplicates: stats.skippedDuplicates,
  rejected: stats.rejected,
  decodeErrors: stats.decodeErrors,
});

/**
 * Builds the report of a replayed log, at its `asOf`, from a whole state or a replayer's view ({@link ReportSource}).
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { decodeLog, replay, splitLines } from '@license-ledger/core'
 * import { buildReport } from '@license-ledger/cli'
 * const log = '{"type":"LicensePurchased","id":"e1","at":"2025-01-01T00:00:00Z","poolId":"acme-kes","module":"KES","quantity":10}'
 * const result = replay({ mode: 'lenient' })([...decodeLog(splitLines([log]))].flat())
 * const report = buildReport({ result, state: result.state, asOf: result.state.clock })
 * assert.deepStrictEqual(report.pools.map((pool) => [pool.poolId, pool.installRemove.unused]), [['acme-kes', 10]])
 */
export const buildReport = (replayed: ReportSource): Report => {
  const { stats, problems } = replayed.result;
  return {
    asOf: replayed.asOf === null ? null : formatInstant(replayed.asOf),
    events: eventsOf(stats),
    pools: listPools(replayed.state)
      .sort(byId((p) => p.poolId))
      .map((pool) => poolOf(replayed, pool.poolId, pool.module)),
    svms: [...svmStatusesOf(replayed.state)].sort(byId((s) => s.svmId)).map(reportSvm),
    problems: problems.map((p) => ({
      line: p.line,
      eventId: p.eventId,
      kind: p.kind,
      rule: p.rule,
      message: p.message,
    })),
    ...(replayed.result.problemsNotKept > 0 ? { problemsNotListed: replayed.result.problemsNotKept } : {}),
  };
};
