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

/** @since 0.1.0 */
export interface ImportOptions {
  readonly log: string;
  readonly store: string;
  readonly ledger: string;
  /**
   * Draw the progress bar on stderr whatever stderr is (`--progress`); without it, only when
   * stderr is a terminal and the log is large (as for `report`). Never for stdin (size unknown).
   */
  readonly progress?: boolean;
  /** Events per append (one transaction each); default 100 000. */
  readonly batchSize?: number;
}

/**
 * Events per append (one transaction each), unless `batchSize` says otherwise. The store decides every
 * batch of an import on one replay of the rules (`appendBatches`), so the size no longer changes what the
 * rules cost; larger appends cost fewer transactions, smaller ones less memory: two batches are in memory
 * at a time (one written, one decided). Figures: docs/store.md.
 */
const BATCH = 100_000;

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
    // While one batch is written the store reads, decodes and decides the next (appendBatches). Lines that
    // are not events (R-L2) are listed, in line order, once their batch is stored.
    const batchSize = options.batchSize ?? BATCH;
    const pending: { lines: number[]; problems: Map<number, string>; bytes: number }[] = [];
    async function* batches(): AsyncGenerator<string[]> {
      let texts: string[] = [];
      let numbers: number[] = [];
      let problems = new Map<number, string>();
      const cut = () => {
        pending.push({ lines: numbers, problems, bytes: log.bytesRead() });
        const out = texts;
        texts = [];
        numbers = [];
        problems = new Map();
        return out;
      };
      for await (const items of log.batches) {
        for (const item of items) {
          lines += 1;
          if ('text' in item) {
            texts.push(item.text);
            numbers.push(item.line);
          } else problems.set(item.line, item.message);
        }
        if (texts.length >= batchSize) yield cut();
      }
      if (texts.length > 0 || problems.size > 0) yield cut();
    }
    const result = await store.right.appendBatches(options.ledger, batches(), {
      expectedVersion: version,
      invalid: 'skip',
      onAppended: async (appended) => {
        const batch = pending.shift() as (typeof pending)[number];
        for (const e of appended.invalid) batch.problems.set(batch.lines[e.index] ?? 0, e.message);
        version = appended.version;
        stored += appended.stored.length;
        rejected += appended.stored.filter((s) => s.outcome === 'rejected').length;
        repeats += appended.repeats;
        decodeProblems += batch.problems.size;
        for (const [line, problem] of [...batch.problems].sort(([a], [b]) => a - b))
          await writeText(io.stdout, `line ${line}: ${problem}\n`);
        // The bytes read up to the batch's end (the reader is a batch ahead of what is stored).
        progress.update(batch.bytes);
      },
    })();
    progress.done();
    if (E.isLeft(result)) {
      io.stderr.write(errorLine(`import stopped: ${result.left.message}; ${plural(stored, 'event')} stored before it`));
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
