/**
 * `license-ledger report [--store DIR|postgres://…] --ledger ID [--as-of INSTANT] [--json] [--strict]`:
 * the report of a ledger kept in an event store.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { advanceTo, formatInstant, type Instant, replayAsync, type ReplayResult } from '@license-ledger/core';
import { openStore } from '@license-ledger/store';
import { type CliIo, errorLine, writeText } from '../io';
import type { ReplayedLog } from '../read-log';
import { renderJson } from '../render/json';
import { renderReportText } from '../render/report-text';
import { buildReport } from '../views/report-view';
import { EXIT } from './exit';

/** @since 0.1.0 */
export interface ReportStoreOptions {
  readonly store: string;
  readonly ledger: string;
  readonly asOf: Instant | null;
  readonly json: boolean;
  readonly strict: boolean;
}

/**
 * The same report as for a log, from the ledger's stored events: its latest
 * snapshot and the events after it, or, with `--as-of` or `--strict`, a replay of
 * its events (problems then name versions where a log names lines). Exit 0 no
 * problem, 1 problems, 2 bad usage (no such ledger, unreadable store), 3 internal error.
 *
 * @since 0.1.0
 */
export const runReportStore = async (options: ReportStoreOptions, io: CliIo): Promise<number> => {
  const opened = await openStore(options.store)();
  if (E.isLeft(opened)) {
    io.stderr.write(errorLine(`cannot open the store ${options.store}: ${opened.left.message}`));
    return EXIT.usage;
  }
  const store = opened.right;
  try {
    const version = await store.version(options.ledger)();
    if (E.isLeft(version)) {
      io.stderr.write(errorLine(version.left.message));
      return EXIT.usage;
    }
    if (version.right === 0) {
      io.stderr.write(errorLine(`the store ${options.store} has no ledger ${options.ledger}`));
      return EXIT.usage;
    }
    let result: ReplayResult;
    if (options.asOf === null && !options.strict) {
      const loaded = await store.load(options.ledger, { history: 'none' })();
      if (E.isLeft(loaded)) {
        io.stderr.write(errorLine(loaded.left.message));
        return EXIT.usage;
      }
      const { state, problems } = loaded.right;
      const stats = {
        read: loaded.right.version,
        applied: loaded.right.version - problems.length,
        skippedDuplicates: 0,
        rejected: problems.length,
        decodeErrors: 0,
      };
      result = { state, stats, problems, problemsNotKept: 0, stoppedBy: null };
    } else {
      const base = { mode: options.strict ? 'strict' : 'lenient', history: 'none' } as const;
      result = await replayAsync(options.asOf === null ? base : { ...base, until: options.asOf })(
        store.read(options.ledger),
      );
    }
    const asOf = result.stoppedBy === 'strict' ? result.state.clock : (options.asOf ?? result.state.clock);
    let state = result.state;
    if (asOf !== null) {
      const advanced = advanceTo(asOf)(state);
      if (E.isLeft(advanced))
        throw new Error(`cannot move the ledger to ${formatInstant(asOf)}: ${advanced.left.message}`);
      state = advanced.right;
    }
    const replayed: ReplayedLog = { result, state, asOf };
    const report = buildReport(replayed);
    await writeText(
      io.stdout,
      options.json
        ? renderJson(report)
        : renderReportText(report, { name: `ledger ${options.ledger}`, stoppedBy: result.stoppedBy }),
    );
    return report.problems.length === 0 ? EXIT.ok : EXIT.problems;
  } finally {
    await store.close();
  }
};
