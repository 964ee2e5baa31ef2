/**
 * @license-ledger/cli: the `license-ledger` command (report, explain, validate)
 * as a library, so that it can be run in-process with injected streams.
 *
 * @since 0.1.0
 * @module @license-ledger/cli
 */
export { main } from './main';
export { type CliIo, nodeIo, type OutputStream } from './io';
export { type Command, type CommandName, parseArgs, type Subject } from './args';
export { EXIT } from './commands/exit';
export { buildReport, type Report, type ReportPool, type ReportProblem, type ReportSvm } from './views/report-view';
export { explain, type Explanation } from './views/explanation';
