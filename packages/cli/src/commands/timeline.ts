/**
 * `license-ledger timeline LOG [--from I] [--to I] [--pool ID …] [--as-of I] --out FILE`.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { formatInstant, type Instant } from '@license-ledger/core';
import { randomHashSeed } from '@license-ledger/core/node';
import { replayTimelineAsync, timelineSvg } from '@license-ledger/timeline';
import { type CliIo, errorLine } from '../io';
import { writeOutputFile } from '../output-file';
import { plural } from '../render/plural';
import { openLog, progressFor, withProgress } from '../read-log';
import { EXIT } from './exit';

/**
 * The options of `timeline`.
 *
 * @since 0.1.0
 */
export interface TimelineCommandOptions {
  readonly log: string;
  readonly from: Instant | null;
  readonly to: Instant | null;
  readonly pools: readonly string[];
  readonly asOf: Instant | null;
  readonly out: string;
  readonly maxLineBytes?: number;
}

/**
 * Replays the log once, recording every count change, and writes the SVG chart.
 * The chart ends at `--to`, else at `--as-of`, else at the last event; a later end
 * shows the expiries and take-overs ahead (R-T4). Exit 0 with no problem, 1 when
 * the log has problems (the chart is written; `report` lists them), 2 for bad
 * usage (a log or FILE that cannot be opened, a pool the log does not have).
 *
 * @since 0.1.0
 */
export const runTimeline = async (options: TimelineCommandOptions, io: CliIo): Promise<number> => {
  const opened = await openLog(options.log, io, options);
  if (E.isLeft(opened)) {
    io.stderr.write(errorLine(opened.left));
    return EXIT.usage;
  }
  const log = opened.right;
  const to = options.to ?? options.asOf;
  const timelineOptions = {
    // A log is untrusted input: a random seed keeps its ids from being chosen to collide (hash flooding).
    hashSeed: randomHashSeed(),
    ...(options.from === null ? {} : { from: options.from }),
    ...(to === null ? {} : { to }),
    ...(options.pools.length === 0 ? {} : { pools: options.pools }),
  };
  const progress = progressFor(log, io, { json: false });
  const replayed = await replayTimelineAsync(timelineOptions)(withProgress(log, progress));
  if (E.isLeft(replayed)) {
    io.stderr.write(errorLine(replayed.left));
    return EXIT.usage;
  }
  const { timeline, result } = replayed.right;
  const missing = options.pools.filter((poolId) => !timeline.pools.some((pool) => pool.poolId === poolId));
  if (missing.length > 0) {
    io.stderr.write(errorLine(`no pool ${missing.join(', ')} in ${log.name} by ${formatInstant(timeline.to)}`));
    return EXIT.usage;
  }
  const written = await writeOutputFile(options.out, timelineSvg(timeline, { asOf: options.asOf }), io);
  if (E.isLeft(written)) {
    io.stderr.write(errorLine(written.left));
    return EXIT.usage;
  }
  // Counted from the stats: a replay keeps at most `maxProblems` of them.
  const problems = result.stats.rejected + result.stats.decodeErrors;
  if (problems === 0) return EXIT.ok;
  io.stderr.write(errorLine(`${plural(problems, 'problem')} in ${log.name}; license-ledger report lists them`));
  return EXIT.problems;
};
