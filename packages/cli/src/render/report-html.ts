/**
 * The report as one self-contained HTML page (`report --html FILE`): the charts,
 * the report's tables, the SVMs at risk, the problems with their lines, and the
 * ids behind every count. No script, no external resource; every piece of user
 * data is escaped.
 *
 * @since 0.1.0
 */
import type { Instant } from '@license-ledger/core';
import type { AtRisk } from '@license-ledger/key-status';
import { escapeMarkup as esc, formatDay } from '@license-ledger/timeline';
import type { Report } from '../views/report-view';
import { INSTALL_REMOVE_COUNTS, type PoolExplanations } from '../views/count-explanations';
import { COUNT_LABELS } from './explain-text';
import { eventsLine } from './report-text';

/**
 * What the page shows besides the report itself.
 *
 * @since 0.1.0
 */
export interface HtmlReportInput {
  readonly name: string;
  readonly report: Report;
  readonly asOf: Instant | null;
  readonly stoppedBy: 'strict' | 'until' | null;
  /** The timeline chart, SVG markup from `timelineSvg`. */
  readonly chart: string;
  readonly atRisk: readonly AtRisk[];
  readonly explanations: readonly PoolExplanations[];
}

// One label per count, the explain text's own, so the page and the terminal name counts alike.
const LABELS: Readonly<Record<string, string>> = { ...COUNT_LABELS, used: 'Used' };

const STYLE = `
body{font-family:sans-serif;margin:2em auto;max-width:1000px;padding:0 1em;color:#212121}
h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #cfd8dc}
table{border-collapse:collapse;margin:.5em 0}th,td{padding:.25em .6em;border-bottom:1px solid #eceff1;text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
a.count{text-decoration:none;color:#1565c0}a.count:hover{text-decoration:underline}
ol.ids{columns:4;font-family:monospace;font-size:.9em}
.explanation:target,ol.ids:target{background:#fff8e1}
.chart{overflow-x:auto}code{background:#f5f5f5;padding:0 .2em}
`;

const anchor = (pool: number, what: string): string => `x-${pool}-${what}`;

/** A count that links to the ids behind it. */
const countLink = (pool: number, poolId: string, what: string, n: number): string =>
  `<a class="count" href="#${anchor(pool, what)}" data-pool="${esc(poolId)}" data-count="${what}">${n}</a>`;

const installRemoveTable = (report: Report): string => {
  if (report.pools.length === 0) return '<p>No pools.</p>';
  const head = `<tr><th>Pool</th><th>Module</th>${INSTALL_REMOVE_COUNTS.map((c) => `<th class="n">${LABELS[c]}</th>`).join('')}</tr>`;
  const rows = report.pools.map((pool, i) => {
    const cells = INSTALL_REMOVE_COUNTS.map(
      (c) => `<td class="n">${countLink(i, pool.poolId, c, pool.installRemove[c])}</td>`,
    ).join('');
    return `<tr><td>${esc(pool.poolId)}</td><td>${esc(pool.module)}</td>${cells}</tr>`;
  });
  return `<table id="install-remove-table">${head}${rows.join('')}</table>`;
};

const licenseManagerTable = (report: Report): string => {
  if (report.pools.length === 0) return '<p>No pools.</p>';
  const head =
    '<tr><th>Pool</th><th>Module</th><th class="n">Used</th><th class="n">Max</th><th>Machines per group</th></tr>';
  const rows = report.pools.map((pool, i) => {
    const { used, max, groups } = pool.licenseManager;
    const groupList =
      groups.length === 0
        ? '—'
        : groups
            .map(
              (g, k) =>
                `${esc(g.groupId)}: <a class="count" href="#${anchor(i, `g${k}`)}" data-pool="${esc(pool.poolId)}" data-group="${esc(g.groupId)}">${g.machines}</a>`,
            )
            .join(', ');
    return `<tr><td>${esc(pool.poolId)}</td><td>${esc(pool.module)}</td><td class="n">${countLink(i, pool.poolId, 'used', used)}</td><td class="n" data-pool="${esc(pool.poolId)}" data-count="max">${max}</td><td>${groupList}</td></tr>`;
  });
  return `<table id="license-manager-table">${head}${rows.join('')}</table>`;
};

const atRiskTable = (rows: readonly AtRisk[]): string =>
  rows.length === 0
    ? '<p>None: every active key ending within 30 days has a reserve key.</p>'
    : `<table id="at-risk-table"><tr><th>SVM</th><th>Cluster</th><th>Slot</th><th>Active key</th><th>Ends</th><th class="n">Days left</th></tr>${rows
        .map(
          (r) =>
            `<tr><td>${esc(r.svmId)}</td><td>${esc(r.clusterId)}</td><td>${esc(r.type)}</td><td>${esc(r.keyId)}</td><td>${esc(formatDay(r.endsAt))}</td><td class="n">${r.daysLeft}</td></tr>`,
        )
        .join('')}</table>`;

const slotTable = (report: Report): string =>
  report.svms.length === 0
    ? '<p>No SVMs.</p>'
    : `<table id="svm-table"><tr><th>SVM</th><th>Cluster</th><th>Slot</th><th>Status</th><th>Active key</th><th>Ends at</th><th>Reserve</th></tr>${report.svms
        .flatMap((svm) =>
          svm.slots.length === 0
            ? [
                `<tr><td>${esc(svm.svmId)}</td><td>${esc(svm.clusterId)}</td><td>—</td><td>unlicensed</td><td>—</td><td>—</td><td>—</td></tr>`,
              ]
            : svm.slots.map(
                (slot) =>
                  `<tr><td>${esc(svm.svmId)}</td><td>${esc(svm.clusterId)}</td><td>${esc(slot.type)}</td><td>${esc(slot.status)}</td><td>${esc(slot.active?.keyId ?? '—')}</td><td>${esc(slot.active?.endsAt ?? '—')}</td><td>${esc(slot.reserve?.keyId ?? '—')}</td></tr>`,
              ),
        )
        .join('')}</table>`;

const taskErrorTable = (report: Report): string => {
  const rows = report.svms.flatMap((svm) =>
    svm.taskErrors.map(
      (e) =>
        `<tr><td>${esc(svm.svmId)}</td><td>${esc(e.at)}</td><td>${esc(e.keyId)}</td><td>${esc(e.reason)}</td></tr>`,
    ),
  );
  return rows.length === 0
    ? '<p>None.</p>'
    : `<table id="task-error-table"><tr><th>SVM</th><th>At</th><th>Key</th><th>Reason</th></tr>${rows.join('')}</table>`;
};

const problemTable = (report: Report): string =>
  report.problems.length === 0
    ? '<p>None.</p>'
    : `<table id="problem-table"><tr><th class="n">Line</th><th>Event</th><th>Kind</th><th>Rule</th><th>Message</th></tr>${report.problems
        .map(
          (p) =>
            `<tr><td class="n">${p.line ?? '—'}</td><td>${esc(p.eventId ?? '—')}</td><td>${p.kind}</td><td>${esc(p.rule)}</td><td>${esc(p.message)}</td></tr>`,
        )
        .join('')}</table>`;

const idList = (id: string, poolId: string, what: string, ids: readonly string[]): string =>
  ids.length === 0
    ? `<p class="explanation" id="${id}">None.</p>`
    : `<ol class="ids" id="${id}" data-pool="${esc(poolId)}" data-count="${what}">${ids.map((x) => `<li>${esc(x)}</li>`).join('')}</ol>`;

const explanationSection = (report: Report, explanations: readonly PoolExplanations[]): string =>
  explanations
    .map((pool, i) => {
      const module = report.pools[i]?.module ?? '';
      const counts = [
        ...INSTALL_REMOVE_COUNTS.map((c) => [c, pool.installRemove[c], 'licenses'] as const),
        ['used', pool.used, 'licenses'] as const,
      ];
      const items = counts.map(
        ([what, ids, noun]) =>
          `<details><summary>${LABELS[what]}: ${ids.length} ${noun}</summary>${idList(anchor(i, what), pool.poolId, what, ids)}</details>`,
      );
      [...pool.groups].forEach(([groupId, machines], k) => {
        items.push(
          `<details><summary>Group ${esc(groupId)}: ${machines.length} machines</summary>${idList(anchor(i, `g${k}`), pool.poolId, `g${k}`, machines)}</details>`,
        );
      });
      return `<h3>${esc(pool.poolId)} (${esc(module)})</h3>${items.join('\n')}`;
    })
    .join('\n');

/**
 * The page. Deterministic: the same input gives the same bytes in any time zone.
 *
 * @since 0.1.0
 */
export const renderReportHtml = (input: HtmlReportInput): string => {
  const { report } = input;
  const asOf = input.asOf === null ? 'no events: the log has no clock' : formatDay(input.asOf);
  const stopped =
    input.stoppedBy === 'strict'
      ? '<p><strong>Stopped at the first problem (--strict):</strong> the ledger as it stood just before it.</p>'
      : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>License report of ${esc(input.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>License report of <code>${esc(input.name)}</code></h1>
<p>As of <time datetime="${esc(report.asOf ?? '')}">${esc(asOf)}</time>. Events: <span id="events">${esc(eventsLine(report.events))}</span>.</p>
${stopped}
<p>Every count links to the licenses (or machines) behind it.</p>
<h2 id="charts">Counts over time</h2>
<div class="chart">
${input.chart}
</div>
<h2 id="install-remove">Install/Remove popup (R-V1)</h2>
${installRemoveTable(report)}
<h2 id="license-manager">License Manager: Used against Max (R-V2, R-V3)</h2>
${licenseManagerTable(report)}
<h2 id="at-risk">SVMs at risk: active key ending within 30 days, no reserve key (R-K5)</h2>
${atRiskTable(input.atRisk)}
<h2 id="key-slots">Key slots (R-K1..R-K5)</h2>
${slotTable(report)}
<h2 id="task-errors">Failed activation tasks (R-K4)</h2>
${taskErrorTable(report)}
<h2 id="problems">Problems (${report.problems.length})</h2>
${problemTable(report)}
<h2 id="explanations">Behind each count</h2>
${explanationSection(report, input.explanations)}
</body>
</html>
`;
};
