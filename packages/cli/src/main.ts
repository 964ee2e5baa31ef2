/**
 * The whole command, as a function of its arguments and streams.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import { type Command, parseArgs } from './args';
import { EXIT } from './commands/exit';
import { helpText } from './help';
import { type CliIo, errorLine, messageOf, writeText } from './io';
import { cliVersion } from './version';

// Each command's module is loaded when that command runs: `report` never loads the
// store's database drivers (pg, PGlite) or what only `explain` renders, which were
// most of the command's start-up time (~175 of ~235 ms of module loading).
const run = async (command: Command, io: CliIo): Promise<number> => {
  switch (command.kind) {
    case 'help':
      await writeText(io.stdout, helpText(command.topic));
      return EXIT.ok;
    case 'version':
      await writeText(io.stdout, `${cliVersion()}\n`);
      return EXIT.ok;
    case 'report':
      return (await import('./commands/report.js')).runReport(command, io);
    case 'explain':
      return (await import('./commands/explain.js')).runExplain(command, io);
    case 'validate':
      return (await import('./commands/validate.js')).runValidate(command, io);
    case 'import':
      return (await import('./commands/import.js')).runImport(command, io);
    case 'report-store':
      return (await import('./commands/report-store.js')).runReportStore(command, io);
    case 'timeline':
      return (await import('./commands/timeline.js')).runTimeline(command, io);
  }
};

/**
 * Runs `license-ledger` with `argv` (the arguments after the program name) and
 * returns the exit status: 0 no problem, 1 the log has problems, 2 bad usage
 * (one line on stderr), 3 an internal error (one line on stderr; the stack only
 * with `LEDGER_DEBUG=1`). It never throws and never exits the process.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { main, nodeIo } from '@license-ledger/cli'
 * let out = ''
 * const io = { ...nodeIo(), stdout: { write: (text: string) => ((out += text), true) } } // capture stdout
 * assert.equal(await main(['report', 'audit.ndjson', '--json'], io), 0) // the exit code
 * assert.equal(JSON.parse(out).pools[0].poolId, 'acme-kes')
 */
export const main = async (argv: readonly string[], io: CliIo): Promise<number> => {
  try {
    const command = parseArgs(argv);
    if (E.isLeft(command)) {
      io.stderr.write(errorLine(command.left));
      return EXIT.usage;
    }
    return await run(command.right, io);
  } catch (error) {
    io.stderr.write(errorLine(`internal error: ${messageOf(error)} (please report it; LEDGER_DEBUG=1 shows where)`));
    if (io.env['LEDGER_DEBUG'] === '1' && typeof error === 'object' && error !== null && 'stack' in error)
      io.stderr.write(`${String(error.stack)}\n`);
    return EXIT.internal;
  }
};
