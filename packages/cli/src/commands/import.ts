/**
 * `license-ledger import LOG [--store DIR|postgres://…] --ledger ID`: appends a
 * log's events to a ledger in an event store.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { openStore } from '@license-ledger/store';
import { type CliIo, errorLine, writeText } from '../io';
import { openAuditLog } from '@license-ledger/core/node';
import { noProgress, progressBar, wantsProgress } from '../progress';
import { plural } from '../render/plural';
import { EXIT } from './exit';

/** @since 0.1.0 @example const o: ImportOptions = { log: 'audit.ndjson', store: 'license-ledger-store', ledger: 'acme' } */
export interface ImportOptions {
  readonly log: string;
  readonly store: string;
  readonly ledger: string;
  /**
   * Draw the progress bar on stderr whatever stderr is (`--progress`); without it, only when
   * stderr is a terminal and the log is large (as for `report`). Never for stdin (size unknown).
   */
  readonly progress?: boolean;
}

/** Events per append (one transaction each). */
const BATCH = 5000;

/**
 * Reads LOG and appends its events to the ledger, a batch per transaction, each
 * at the version the previous one left (a concurrent writer stops the import
 * with a conflict; running it again skips what is stored, R-L5). Lines that do
 * not decode are listed and not stored (R-L2). Exit 0 when every line is stored
 * and applied, 1 when some do not decode or were rejected by the rules (stored
 * all the same, as `report --ledger` shows), 2 bad usage or an unreadable log or
 * store, 3 internal error.
 *
 * @since 0.1.0
 * @example const code = await runImport({ log: 'audit.ndjson', store: 'license-ledger-store', ledger: 'acme' }, nodeIo())
 */
export const runImport = async (options: ImportOptions, io: CliIo): Promise<number> => {
  const opened = await openAuditLog(options.log, { stdin: io.stdin });
  if (E.isLeft(opened)) {
    io.stderr.write(errorLine(opened.left.message));
    return EXIT.usage;
  }
  const store = await openStore(options.store)();
  if (E.isLeft(store)) {
    io.stderr.write(errorLine(`cannot open the store ${options.store}: ${store.left.message}`));
    return EXIT.usage;
  }
  const log = opened.right;
  const progress =
    log.totalBytes !== null &&
    (options.progress === true ||
      wantsProgress({ stderrIsTTY: io.stderr.isTTY === true, json: false, totalBytes: log.totalBytes }))
      ? progressBar(io.stderr, log.name, log.totalBytes)
      : noProgress;
  let version = 0;
  let lines = 0;
  let decodeProblems = 0;
  let stored = 0;
  let rejected = 0;
  let repeats = 0;
  try {
    const start = await store.right.version(options.ledger)();
    if (E.isLeft(start)) {
      io.stderr.write(errorLine(start.left.message));
      return EXIT.usage;
    }
    version = start.right;
    // Lines go to the store as they are: it parses and decodes each once, and stores the line as given.
    // Lines that are not events (R-L2) are listed, in line order, when their batch is appended.
    let batch: ({ line: number; text: string } | { line: number; problem: string })[] = [];
    const flush = async (): Promise<string | null> => {
      const problems = new Map<number, string>();
      for (const item of batch) if ('problem' in item) problems.set(item.line, item.problem);
      let texts = batch.filter((item) => 'text' in item);
      for (;;) {
        const result =
          texts.length === 0
            ? null
            : await store.right.append(
                options.ledger,
                texts.map((item) => item.text),
                { expectedVersion: version },
              )();
        if (result !== null && E.isLeft(result)) {
          const error = result.left;
          if (error._tag !== 'InvalidEvents') return error.message;
          const invalid = new Set(error.events.map((e) => e.index));
          for (const e of error.events) problems.set(texts[e.index]?.line ?? 0, e.message);
          texts = texts.filter((_, index) => !invalid.has(index));
          continue;
        }
        if (result !== null) {
          version = result.right.version;
          stored += result.right.stored.length;
          rejected += result.right.stored.filter((s) => s.outcome === 'rejected').length;
          repeats += result.right.repeats;
        }
        decodeProblems += problems.size;
        for (const [line, problem] of [...problems].sort(([a], [b]) => a - b))
          await writeText(io.stdout, `line ${line}: ${problem}\n`);
        batch = [];
        progress.update(log.bytesRead());
        return null;
      }
    };
    for await (const items of log.batches) {
      for (const item of items) {
        lines += 1;
        batch.push('text' in item ? { line: item.line, text: item.text } : { line: item.line, problem: item.message });
      }
      if (batch.length >= BATCH) {
        const failed = await flush();
        if (failed !== null) {
          progress.done();
          io.stderr.write(errorLine(`import stopped: ${failed}; ${plural(stored, 'event')} stored before it`));
          return EXIT.problems;
        }
      }
    }
    const failed = await flush();
    progress.done();
    if (failed !== null) {
      io.stderr.write(errorLine(`import stopped: ${failed}; ${plural(stored, 'event')} stored before it`));
      return EXIT.problems;
    }
  } finally {
    await store.right.close();
  }
  await writeText(
    io.stdout,
    `${log.name} → ledger ${options.ledger} in ${options.store}: ${plural(lines, 'line')} read, ${plural(stored, 'event')} stored ` +
      `(${rejected} rejected by the rules), ${plural(repeats, 'repeat')} already stored, ${plural(decodeProblems, 'line')} not decoded; version ${version}\n`,
  );
  return decodeProblems === 0 && rejected === 0 ? EXIT.ok : EXIT.problems;
};
