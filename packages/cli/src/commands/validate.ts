/**
 * `license-ledger validate LOG`: decode only, no replay (R-L2).
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { type CliIo, errorLine, writeText } from '../io';
import { checkAuditLog } from '@license-ledger/core/node';
import { progressFor, READ_IN_WORKER } from '../read-log';
import { plural } from '../render/plural';
import { printable } from '../render/printable';
import { EXIT } from './exit';

/**
 * Decodes every line and prints each problem as it is found (`line 17: …`),
 * then a summary. Nothing is kept but counts, so any size of log validates in
 * constant memory. Exit 0 when every line decodes, 1 otherwise, 2 when the log
 * cannot be opened.
 *
 * @since 0.1.0
 */
export const runValidate = async (
  options: { readonly log: string; readonly maxLineBytes?: number; readonly worker?: boolean },
  io: CliIo,
): Promise<number> => {
  const opened = await checkAuditLog(options.log, {
    stdin: io.stdin,
    worker: options.worker ?? READ_IN_WORKER.validate,
    ...(options.maxLineBytes === undefined ? {} : { maxLineBytes: options.maxLineBytes }),
  });
  if (E.isLeft(opened)) {
    io.stderr.write(errorLine(opened.left.message));
    return EXIT.usage;
  }
  const log = opened.right;
  const progress = progressFor(log, io, { json: false });
  let problems = 0;
  try {
    for await (const batch of log.problems) {
      progress.update(log.bytesRead());
      for (const entry of batch) {
        problems += 1;
        // The bar shares the terminal: erase it first; it redraws on the next batch.
        progress.done();
        await writeText(io.stdout, `line ${entry.line}: ${printable(entry.problem)}\n`);
      }
    }
  } finally {
    progress.done();
  }
  const lines = log.lines();
  const verdict = problems === 0 ? 'every line decodes' : plural(problems, 'problem');
  await writeText(
    io.stdout,
    `${printable(log.name)}: ${plural(lines, 'line')} read, ${plural(lines - problems, 'event')} decoded, ${verdict}\n`,
  );
  return problems === 0 ? EXIT.ok : EXIT.problems;
};
