/**
 * `license-ledger import LOG [--store DIR|postgres://…] --ledger ID`: appends a
 * log's events to a ledger in an event store.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { decodeEvent, formatIssues, parseJsonLine, type SplitItem } from '@license-ledger/core';
import { openStore } from '@license-ledger/store';
import { type CliIo, errorLine, writeText } from '../io';
import { openAuditLog } from '@license-ledger/core/node';
import { plural } from '../render/plural';
import { EXIT } from './exit';

/** @since 0.1.0 */
export interface ImportOptions {
  readonly log: string;
  readonly store: string;
  readonly ledger: string;
}

/** Events per append (one transaction each). */
const BATCH = 5000;

/** One line as the store takes it (its parsed JSON), or why it is not an event (R-L2). */
const checkLine = (item: SplitItem): { line: number; raw: unknown } | { line: number; problem: string } => {
  if (!('text' in item)) return { line: item.line, problem: item.message };
  const parsed = parseJsonLine(item);
  if (!parsed.ok) return { line: item.line, problem: parsed.message };
  const decoded = decodeEvent(parsed.value);
  return decoded._tag === 'Right'
    ? { line: item.line, raw: parsed.value }
    : { line: item.line, problem: formatIssues(decoded.left) };
};

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
    let batch: { line: number; raw: unknown }[] = [];
    const flush = async (): Promise<string | null> => {
      if (batch.length === 0) return null;
      const result = await store.right.append(
        options.ledger,
        batch.map((b) => b.raw),
        { expectedVersion: version },
      )();
      if (E.isLeft(result)) {
        const error = result.left;
        if (error._tag === 'InvalidEvents') {
          // Decode problems are caught line by line before; this is a store-side refusal.
          const first = error.events[0];
          return `line ${first === undefined ? '?' : batch[first.index]?.line}: ${error.message}`;
        }
        return error.message;
      }
      version = result.right.version;
      stored += result.right.stored.length;
      rejected += result.right.stored.filter((s) => s.outcome === 'rejected').length;
      repeats += result.right.repeats;
      batch = [];
      return null;
    };
    for await (const items of log.batches) {
      for (const item of items) {
        lines += 1;
        const checked = checkLine(item);
        if ('raw' in checked) {
          batch.push(checked);
          continue;
        }
        decodeProblems += 1;
        await writeText(io.stdout, `line ${checked.line}: ${checked.problem}\n`);
      }
      if (batch.length >= BATCH) {
        const failed = await flush();
        if (failed !== null) {
          io.stderr.write(errorLine(`import stopped: ${failed}; ${plural(stored, 'event')} stored before it`));
          return EXIT.problems;
        }
      }
    }
    const failed = await flush();
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
