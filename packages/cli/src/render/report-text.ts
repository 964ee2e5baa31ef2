/**
 * The report as readable tables (the default, without `--json`).
 *
 * @since 0.1.0
 */
import type { ReplayStats } from '@license-ledger/core';
import type { Report } from '../views/report-view';
import { plural } from './plural';
import { printable } from './printable';
import { renderTable, tableLines } from './table';
import { relativeTo } from './relative-time';

/**
 * `412 read, 400 applied, 1 duplicate skipped, 6 rejected, 2 decode errors`.
 *
 * @since 0.1.0
 */
export const eventsLine = (events: ReplayStats): string =>
  [
    `${events.read} read`,
    `${events.applied} applied`,
    `${plural(events.skippedDuplicates, 'duplicate')} skipped`,
    `${events.rejected} rejected`,
    plural(events.decodeErrors, 'decode error'),
  ].join(', ');

const section = (title: string, body: string): string => `\n${title}\n${body}`;

const popupTable = (report: Report): string =>
  report.pools.length === 0
    ? '(no pools)\n'
    : renderTable(
        [
          { header: 'POOL' },
          { header: 'MODULE' },
          { header: 'EXPIRED', align: 'right' },
          { header: 'APPLIED', align: 'right' },
          { header: 'PARTIAL', align: 'right' },
          { header: 'PENDING', align: 'right' },
          { header: 'EXTENDED', align: 'right' },
          { header: 'OTHER', align: 'right' },
          { header: 'UNUSED', align: 'right' },
        ],
        report.pools.map((p) => {
          const c = p.installRemove;
          return [
            p.poolId,
            p.module,
            ...[c.expired, c.applied, c.partial, c.pendingInstalls, c.extended, c.other, c.unused].map(String),
          ];
        }),
      );

const managerTable = (report: Report): string =>
  report.pools.length === 0
    ? '(no pools)\n'
    : renderTable(
        [
          { header: 'POOL' },
          { header: 'MODULE' },
          { header: 'USED', align: 'right' },
          { header: 'MAX', align: 'right' },
          { header: 'GROUP' },
          { header: 'MACHINES', align: 'right' },
        ],
        report.pools.flatMap((p) => {
          const { used, max, groups } = p.licenseManager;
          const head = [p.poolId, p.module, String(used), String(max)];
          const [first, ...others] = groups;
          if (first === undefined) return [[...head, '-', '']];
          return [
            [...head, first.groupId, String(first.machines)],
            ...others.map((g) => ['', '', '', '', g.groupId, String(g.machines)]),
          ];
        }),
      );

/** When a key ends, for people: `in 3 months, on 2026-01-09 (2026-01-09T00:00:00Z)`, relative to the report's instant. */
const endsText = (asOf: string | null, endsAt: string): string =>
  asOf === null ? endsAt : `${relativeTo(asOf, endsAt)} (${endsAt})`;

const slotTable = (report: Report): string =>
  report.svms.length === 0
    ? '(no SVMs)\n'
    : renderTable(
        [
          { header: 'SVM' },
          { header: 'CLUSTER' },
          { header: 'SLOT' },
          { header: 'STATUS' },
          { header: 'ACTIVE KEY' },
          { header: 'ENDS' },
          { header: 'RESERVE' },
        ],
        report.svms.flatMap((svm) =>
          svm.slots.length === 0
            ? [[svm.svmId, svm.clusterId, '-', 'unlicensed', '-', '-', '-']]
            : svm.slots.map((slot) => [
                svm.svmId,
                svm.clusterId,
                slot.type,
                slot.status,
                slot.active?.keyId ?? '-',
                slot.active === null ? '-' : endsText(report.asOf, slot.active.endsAt),
                slot.reserve?.keyId ?? '-',
              ]),
        ),
      );

const taskErrorTable = (report: Report): string => {
  const rows = report.svms.flatMap((svm) => svm.taskErrors.map((e) => [svm.svmId, e.at, e.keyId, e.reason]));
  return rows.length === 0
    ? '(none)\n'
    : renderTable([{ header: 'SVM' }, { header: 'AT' }, { header: 'KEY' }, { header: 'REASON' }], rows);
};

function* problemLines(report: Report): Generator<string> {
  if (report.problems.length === 0) {
    yield '(none)\n';
    return;
  }
  yield* tableLines(
    [
      { header: 'LINE', align: 'right' },
      { header: 'EVENT' },
      { header: 'KIND' },
      { header: 'RULE' },
      { header: 'MESSAGE' },
    ],
    report.problems.map((p) => [p.line === null ? '-' : String(p.line), p.eventId ?? '-', p.kind, p.rule, p.message]),
  );
  const notListed = report.problemsNotListed ?? 0;
  if (notListed > 0)
    yield `… and ${plural(notListed, 'more problem')} not listed (only the first ${report.problems.length} are kept: --max-problems)\n`;
}

/**
 * The report as text, piece by piece (a heading, the Install/Remove popup, the
 * License Manager with its groups, the SVM key slots, failed activation tasks
 * and problems), so a report of any size streams to its reader.
 *
 * @since 0.2.0
 */
export function* reportTextPieces(
  report: Report,
  context: { readonly name: string; readonly stoppedBy: 'strict' | 'until' | null },
): Generator<string> {
  yield `Report of ${printable(context.name)} as of ${report.asOf ?? '(no events: the log has no clock)'}\n`;
  yield `Events: ${eventsLine(report.events)}\n`;
  if (context.stoppedBy === 'strict')
    yield 'Stopped at the first problem (--strict): the ledger as it stood just before it.\n';
  yield section('Install/Remove popup (R-V1)', popupTable(report));
  yield section('License Manager (R-V2, R-V3: machines per group)', managerTable(report));
  yield section('Key slots (R-K1..R-K5)', slotTable(report));
  yield section('Failed activation tasks (R-K4)', taskErrorTable(report));
  const total = report.problems.length + (report.problemsNotListed ?? 0);
  yield `\nProblems (${plural(total, 'problem')})\n`;
  yield* problemLines(report);
}

/**
 * The report as text: a heading, then the Install/Remove popup, the License
 * Manager with its groups, the SVM key slots, failed activation tasks and problems.
 *
 * @since 0.1.0
 */
export const renderReportText = (
  report: Report,
  context: { readonly name: string; readonly stoppedBy: 'strict' | 'until' | null },
): string => [...reportTextPieces(report, context)].join('');
