/**
 * The page `report --html FILE` writes: loaded only when a page is asked for, so
 * that a plain report does not load the timeline's chart (and its calendar).
 *
 * @since 0.6.0
 */
import * as E from 'fp-ts/Either';
import type { LedgerState } from '@license-ledger/core';
import { atRisk, type AtRisk } from '@license-ledger/key-status';
import { createTimelineRecorder, type TimelineRecorder, timelineSvg } from '@license-ledger/timeline';
import type { ReplayedLog } from '../read-log';
import { renderReportHtml } from '../render/report-html';
import { countExplanations } from '../views/count-explanations';
import type { Report } from '../views/report-view';

/** The days ahead in which an active key with no reserve puts its SVM at risk (R-K5). */
const AT_RISK_DAYS = 30;

// AT_RISK_DAYS is a whole number of days, so a Left is a bug, not a user mistake.
const atRiskRows = (state: LedgerState): readonly AtRisk[] => {
  const rows = atRisk(AT_RISK_DAYS)(state);
  if (E.isLeft(rows)) throw new Error(rows.left.message);
  return rows.right;
};

/**
 * What records the counts' changes during the replay, for the page's chart.
 *
 * @since 0.6.0
 */
export const pageRecorder = (): TimelineRecorder => createTimelineRecorder();

/**
 * The HTML page of a report, its chart drawn from the steps recorded during the same replay.
 *
 * @since 0.6.0
 */
export const htmlPage = (name: string, replayed: ReplayedLog, report: Report, recorder: TimelineRecorder): string => {
  const chart =
    replayed.asOf === null ? '<p>No events: nothing to chart.</p>' : timelineSvg(recorder.timeline(replayed.asOf));
  return renderReportHtml({
    name,
    report,
    asOf: replayed.asOf,
    stoppedBy: replayed.result.stoppedBy,
    chart,
    atRisk: atRiskRows(replayed.state),
    explanations: countExplanations(replayed.state, report),
  });
};
