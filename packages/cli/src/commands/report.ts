/**
 * `license-ledger report LOG [--as-of INSTANT] [--json] [--strict] [--html FILE] [--from-snapshot FILE] [--save-snapshot FILE]` (docs/report-json.md).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import type { Instant, LedgerState } from '@license-ledger/core';
import { atRisk, type AtRisk } from '@license-ledger/key-status';
import { createTimelineRecorder, type TimelineRecorder, timelineSvg } from '@license-ledger/timeline';
import { type CliIo, errorLine, writePieces } from '../io';
import { writeOutputFile } from '../output-file';
import { openLog, progressFor, READ_IN_WORKER, type ReplayedLog, replayLog, snapshotReplayer } from '../read-log';
import { readSnapshotFile, writeSnapshotFile } from '../snapshot-file';
import { jsonDocument } from '../render/json';
import { renderReportHtml } from '../render/report-html';
import { reportTextPieces } from '../render/report-text';
import { countExplanations } from '../views/count-explanations';
import { buildReport, type Report } from '../views/report-view';
import { EXIT } from './exit';

/** The days ahead in which an active key with no reserve puts its SVM at risk (R-K5). */
const AT_RISK_DAYS = 30;

// AT_RISK_DAYS is a whole number of days, so a Left is a bug, not a user mistake.
const atRiskRows = (state: LedgerState): readonly AtRisk[] => {
  const rows = atRisk(AT_RISK_DAYS)(state);
  if (E.isLeft(rows)) throw new Error(rows.left.message);
  return rows.right;
};

/**
 * The options of `report`.
 *
 * @since 0.1.0
 */
export interface ReportOptions {
  readonly log: string;
  readonly asOf: Instant | null;
  readonly json: boolean;
  readonly strict: boolean;
  /** Start from the ledger saved in this file instead of an empty one. @since 0.2.0 */
  readonly fromSnapshot?: string;
  /** Save the replayed ledger (after the last event read, before `asOf`) to this file. @since 0.2.0 */
  readonly saveSnapshot?: string;
  readonly maxLineBytes?: number;
  /** `--worker on|off`; absent: `READ_IN_WORKER`. */
  readonly worker?: boolean;
  readonly maxProblems?: number;
  /** Also write the report as one self-contained HTML page to this file. */
  readonly html?: string | null;
}

/** The HTML page of a report, its chart drawn from the steps recorded during the same replay. */
const htmlPage = (name: string, replayed: ReplayedLog, report: Report, recorder: TimelineRecorder): string => {
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

/**
 * Replays the log and prints the report; with `html`, also writes it as one
 * self-contained page with the counts charted over time (from the same replay).
 * Exit 0 with no problem, 1 with problems (or stopped at one with `--strict`),
 * 2 when the log cannot be opened, the page cannot be written, the snapshot to
 * start from cannot be read or is refused, or the one to save cannot be written.
 *
 * @since 0.1.0
 */
export const runReport = async (options: ReportOptions, io: CliIo): Promise<number> => {
  const html = options.html ?? null;
  // The page charts the counts over time: the same replay records every change.
  const recorder = html === null ? null : createTimelineRecorder();
  const observed = recorder === null ? {} : { onPoolChange: recorder.onPoolChange };
  // The report reads counts, never histories: replaying without them keeps memory to the counts' needs.
  const mode = options.strict ? 'strict' : 'lenient';
  const limit = options.maxProblems === undefined ? {} : { maxProblems: options.maxProblems };
  const replayOptions = { mode, asOf: options.asOf, history: 'none', ...limit, ...observed } as const;
  // A snapshot is read (and refused) before the log is opened; its ledger goes straight into the replay.
  const snapshot = options.fromSnapshot;
  const from =
    snapshot === undefined
      ? E.right(undefined)
      : await readSnapshotFile(snapshot, (bytes) => snapshotReplayer(replayOptions, bytes));
  if (E.isLeft(from)) {
    io.stderr.write(errorLine(from.left));
    return EXIT.usage;
  }
  const opened = await openLog(options.log, io, { ...options, worker: options.worker ?? READ_IN_WORKER.report });
  if (E.isLeft(opened)) {
    io.stderr.write(errorLine(opened.left));
    return EXIT.usage;
  }
  const log = opened.right;
  const replayed = await replayLog(log, replayOptions, progressFor(log, io, options), from.right);
  if (options.saveSnapshot !== undefined) {
    const saved = await writeSnapshotFile(options.saveSnapshot, replayed.result.state);
    if (E.isLeft(saved)) {
      io.stderr.write(errorLine(saved.left));
      return EXIT.usage;
    }
  }
  const report = buildReport(replayed);
  if (html !== null && recorder !== null) {
    const written = await writeOutputFile(html, htmlPage(log.name, replayed, report, recorder), io);
    if (E.isLeft(written)) {
      io.stderr.write(errorLine(written.left));
      return EXIT.usage;
    }
  }
  // Streamed piece by piece: a report of 100 000 problems is never one string. With `--html -` the page is the output.
  if (html !== '-')
    await writePieces(
      io.stdout,
      options.json
        ? jsonDocument(report)
        : reportTextPieces(report, { name: log.name, stoppedBy: replayed.result.stoppedBy }),
    );
  return report.problems.length + (report.problemsNotListed ?? 0) === 0 ? EXIT.ok : EXIT.problems;
};
