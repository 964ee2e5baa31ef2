/**
 * `license-ledger report LOG [--as-of INSTANT] [--json] [--strict] [--html FILE] [--from-snapshot FILE] [--save-snapshot FILE]` (docs/report-json.md).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import type { Instant } from '@license-ledger/core';
import { type CliIo, errorLine, writePieces } from '../io';
import { writeOutputFile } from '../output-file';
import { openLog, progressFor, READ_IN_WORKER, replayLog, replayLogView, snapshotReplayer } from '../read-log';
import { readSnapshotFile, writeSnapshotFile } from '../snapshot-file';
import { jsonDocument } from '../render/json';
import { buildReport } from '../views/report-view';
import { EXIT } from './exit';

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
  const page = html === null ? null : await import('./report-page.js');
  const recorder = page === null ? null : page.pageRecorder();
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
  const progress = progressFor(log, io, options);
  // Only a snapshot to save and the page read more than counts: without either, no whole state is built at the end.
  const whole =
    options.saveSnapshot === undefined && page === null
      ? null
      : await replayLog(log, replayOptions, progress, from.right);
  const replayed = whole ?? (await replayLogView(log, replayOptions, progress, from.right));
  if (options.saveSnapshot !== undefined && whole !== null) {
    const saved = await writeSnapshotFile(options.saveSnapshot, whole.result.state);
    if (E.isLeft(saved)) {
      io.stderr.write(errorLine(saved.left));
      return EXIT.usage;
    }
  }
  const report = buildReport(replayed);
  if (html !== null && page !== null && recorder !== null && whole !== null) {
    const written = await writeOutputFile(html, page.htmlPage(log.name, whole, report, recorder), io);
    if (E.isLeft(written)) {
      io.stderr.write(errorLine(written.left));
      return EXIT.usage;
    }
  }
  // Streamed piece by piece: a report of 100 000 problems is never one string. With `--html -` the page is the output.
  // The text's relative dates bring date-fns, so its module is loaded only when the text is asked for.
  if (html !== '-')
    await writePieces(
      io.stdout,
      options.json
        ? jsonDocument(report)
        : (await import('../render/report-text.js')).reportTextPieces(report, {
            name: log.name,
            stoppedBy: replayed.result.stoppedBy,
          }),
    );
  return report.problems.length + (report.problemsNotListed ?? 0) === 0 ? EXIT.ok : EXIT.problems;
};
