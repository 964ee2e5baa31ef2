/**
 * @license-ledger/cli: the `license-ledger` command (report, explain, validate)
 * as a library, so that it can be run in-process with injected streams.
 *
 * @since 0.1.0
 * @module @license-ledger/cli
 */
export { main } from './main';
export { type CliIo, type GuardedOutput, nodeIo, type OutputStream } from './io';
export { type Command, type CommandName, type Limits, parseArgs, type Subject } from './args';
export { EXIT } from './commands/exit';
export {
  buildReport,
  type Report,
  type ReportGroup,
  type ReportPool,
  type ReportProblem,
  type ReportSlot,
  type ReportSource,
  type ReportSvm,
  type ReportTaskError,
} from './views/report-view';
export type { ReplayedLog } from './read-log';
export {
  type CountedIn,
  explain,
  type Explanation,
  type InstallNow,
  type LicenseExplanation,
  type LicenseStep,
  type MachineExplanation,
  type MachineStep,
  type Step,
  type SvmExplanation,
  type SvmStep,
} from './views/explanation';
