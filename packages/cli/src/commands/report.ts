/**
 * `license-ledger report LOG [--as-of INSTANT] [--json] [--strict]` (docs/report-json.md).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import type { Instant } from '@license-ledger/core';
import { type CliIo, errorLine, writePieces } from '../io';
import { openLog, progressFor, replayLog } from '../read-log';
import { jsonDocument } from '../render/json';
import { reportTextPieces } from '../render/report-text';
import { buildReport } from '../views/report-view';
import { EXIT } from './exit';

/**
 * The options of `report`.
 *
 * @since 0.1.0
 * @example const o: ReportOptions = { log: '-', asOf: null, json: true, strict: false }
 */
export interface ReportOptions {
  readonly log: string;
  readonly asOf: Instant | null;
  readonly json: boolean;
  readonly strict: boolean;
  readonly maxLineBytes?: number;
  readonly maxProblems?: number;
}

/**
 * Replays the log and prints the report. Exit 0 with no problem, 1 with problems
 * (or stopped at one with `--strict`), 2 when the log cannot be opened.
 *
 * @since 0.1.0
 * @example const code = await runReport({ log: 'audit.ndjson', asOf: null, json: false, strict: false }, nodeIo())
 */
export const runReport = async (options: ReportOptions, io: CliIo): Promise<number> => {
  const opened = await openLog(options.log, io, options);
  if (E.isLeft(opened)) {
    io.stderr.write(errorLine(opened.left));
    return EXIT.usage;
  }
  const log = opened.right;
  // The report reads counts, never histories: replaying without them keeps memory to the counts' needs.
  const mode = options.strict ? 'strict' : 'lenient';
  const limit = options.maxProblems === undefined ? {} : { maxProblems: options.maxProblems };
  const replayed = await replayLog(log, { mode, asOf: options.asOf, history: 'none', ...limit }, progressFor(log, io, options));
  const report = buildReport(replayed);
  // Streamed piece by piece: a report of 100 000 problems is never one string.
  await writePieces(io.stdout, options.json ? jsonDocument(report) : reportTextPieces(report, { name: log.name, stoppedBy: replayed.result.stoppedBy }));
  return report.problems.length + (report.problemsNotListed ?? 0) === 0 ? EXIT.ok : EXIT.problems;
};
