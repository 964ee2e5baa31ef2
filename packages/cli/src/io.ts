/**
 * The outside world of the command: its three standard streams and its
 * environment. `main` takes them as a parameter so tests run it in-process.
 *
 * @since 0.1.0
 */
import { EXIT } from './commands/exit';

/**
 * Where text goes: stdout or stderr, or a buffer in a test.
 *
 * @since 0.1.0
 * @example
 * const collected: string[] = []
 * const out: OutputStream = { write: (text) => collected.push(text) > 0 }
 */
export interface OutputStream {
  /** False when the stream wants the writer to wait for `drain`. */
  write(text: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Everything the command reads from or writes to besides the log file.
 *
 * @since 0.1.0
 * @example
 * import { Readable } from 'node:stream'
 * const io: CliIo = { stdout: process.stdout, stderr: process.stderr, stdin: Readable.from([]), env: {} }
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/**
 * The real process streams.
 *
 * @since 0.1.0
 * @example const io = nodeIo() // main(process.argv.slice(2), io)
 */
export const nodeIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });

/**
 * Writes text and, when the stream is full, waits until it drains, so that a
 * long listing piped to a slow reader is not buffered whole in memory.
 *
 * @since 0.1.0
 * @example await writeText(io.stdout, 'line 3: not valid JSON\n')
 */
export const writeText = async (stream: OutputStream, text: string): Promise<void> => {
  if (stream.write(text) || stream.once === undefined) return;
  const once = stream.once.bind(stream);
  await new Promise<void>((resolve) => once('drain', resolve));
};

/**
 * The one-line form of a usage or input error: `license-ledger: <message>`.
 *
 * @since 0.1.0
 * @example errorLine('no such file: a.ndjson') // 'license-ledger: no such file: a.ndjson\n'
 */
export const errorLine = (message: string): string => `license-ledger: ${message.replace(/[\r\n]+/g, ' ')}\n`;

/**
 * The message of anything thrown or emitted as an error, on one line or not.
 *
 * @since 0.1.0
 * @example messageOf(new Error('ENOSPC: no space left on device, write')) // 'ENOSPC: no space left on device, write'
 */
export const messageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string' ? error.message : String(error);

const debugStack = (error: unknown, env: CliIo['env']): string =>
  env['LEDGER_DEBUG'] === '1' && typeof error === 'object' && error !== null && 'stack' in error ? `${String(error.stack)}\n` : '';

/**
 * Handles an `error` event of stdout. A reader that quits early (`| head`)
 * closes the pipe: EPIPE is no error of the tool, so `exit(null)` keeps the
 * status so far. Any other failure to write the output (a full disk, ENOSPC) is
 * one line on stderr, `license-ledger: cannot write the output: <reason>`, the
 * stack only with `LEDGER_DEBUG=1`, then `exit(EXIT.internal)`: never exit 1,
 * which says the log has problems.
 *
 * @since 0.1.0
 * @example process.stdout.on('error', onStdoutError(nodeIo(), (code) => process.exit(code ?? process.exitCode ?? 0)))
 */
export const onStdoutError =
  (io: Pick<CliIo, 'stderr' | 'env'>, exit: (code: number | null) => void) =>
  (error: unknown): void => {
    if (typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPIPE') {
      exit(null);
      return;
    }
    io.stderr.write(errorLine(`cannot write the output: ${messageOf(error)}`) + debugStack(error, io.env));
    exit(EXIT.internal);
  };
