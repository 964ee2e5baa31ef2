/**
 * `license-ledger explain LOG (--machine ID | --license ID | --svm ID) [--as-of INSTANT] [--json]`.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { formatInstant, type Instant } from '@license-ledger/core';
import type { Subject } from '../args';
import { type CliIo, errorLine, writePieces, writeText } from '../io';
import { openLog, progressFor, READ_IN_WORKER, replayLog } from '../read-log';
import { renderExplainText } from '../render/explain-text';
import { jsonDocument } from '../render/json';
import { explain, type Explanation } from '../views/explanation';
import { eventsOf } from '../views/report-view';
import { EXIT } from './exit';

/**
 * The options of `explain`.
 *
 * @since 0.1.0
 */
export interface ExplainOptions {
  readonly log: string;
  readonly subject: Subject;
  readonly asOf: Instant | null;
  readonly json: boolean;
  readonly maxLineBytes?: number;
  /** `--worker on|off`; absent: `READ_IN_WORKER`. */
  readonly worker?: boolean;
  readonly maxProblems?: number;
}

/** The explained subject under its own key: `license`, `machine` or `svm`. */
const subjectJson = (explanation: Explanation): Record<string, unknown> => {
  switch (explanation.kind) {
    case 'license':
      return { license: explanation.license };
    case 'machine':
      return { machine: explanation.machine };
    case 'svm':
      return { svm: explanation.svm };
  }
};

/**
 * Replays the log (leniently) and explains one subject. Exit 0 when explained
 * and the log has no problem; 1 when explained but the log has problems (a note
 * on stderr says how many); 2 when the log cannot be opened or the id is unknown.
 *
 * @since 0.1.0
 */
export const runExplain = async (options: ExplainOptions, io: CliIo): Promise<number> => {
  const opened = await openLog(options.log, io, { ...options, worker: options.worker ?? READ_IN_WORKER.explain });
  if (E.isLeft(opened)) {
    io.stderr.write(errorLine(opened.left));
    return EXIT.usage;
  }
  const log = opened.right;
  const limit = options.maxProblems === undefined ? {} : { maxProblems: options.maxProblems };
  const replayed = await replayLog(
    log,
    { mode: 'lenient', asOf: options.asOf, history: 'full', ...limit },
    progressFor(log, io, options),
  );
  const asOf = replayed.asOf === null ? null : formatInstant(replayed.asOf);
  const explanation = explain(replayed.state, options.subject);
  if (explanation === undefined) {
    io.stderr.write(
      errorLine(
        `${log.name} has no ${options.subject.kind} ${options.subject.id} as of ${asOf ?? 'its end (it has no events)'}`,
      ),
    );
    return EXIT.usage;
  }
  const { stats, problems, problemsNotKept } = replayed.result;
  if (options.json)
    await writePieces(io.stdout, jsonDocument({ asOf, events: eventsOf(stats), ...subjectJson(explanation) }));
  else await writeText(io.stdout, renderExplainText(explanation, asOf));
  const count = problems.length + problemsNotKept;
  if (count === 0) return EXIT.ok;
  io.stderr.write(
    errorLine(`note: the log has ${count} problem${count === 1 ? '' : 's'}; license-ledger report lists them`),
  );
  return EXIT.problems;
};
