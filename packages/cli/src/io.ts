/**
 * The outside world of the command: its three standard streams and its
 * environment. `main` takes them as a parameter so tests run it in-process.
 *
 * @since 0.1.0
 */
import { EXIT } from './commands/exit';
import { printable } from './render/printable';

/**
 * Where text goes: stdout or stderr, or a buffer in a test.
 *
 * @since 0.1.0
 */
export interface OutputStream {
  /** False when the stream wants the writer to wait for `drain`. */
  write(text: string): boolean;
  /** Calls `listener` once when the stream can take more (Node's `drain`); absent means never wait. */
  once?(event: 'drain', listener: () => void): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

/**
 * Everything the command reads from or writes to besides the log file.
 *
 * @since 0.1.0
 */
export interface CliIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

const isEpipe = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && 'code' in error && error.code === 'EPIPE';

/**
 * An output stream that outlives its reader: once the stream fails (EPIPE when
 * the reader quit, `| head`; ENOSPC on a full disk), later writes are dropped
 * and a writer waiting for `drain` is released, so the command runs to its end
 * and its exit status never depends on how much of the output was read.
 * `failure()` is the first error other than EPIPE, if any.
 *
 * @since 0.2.0
 */
export interface GuardedOutput extends OutputStream {
  /** The first write error other than EPIPE, or undefined when there was none. */
  readonly failure: () => unknown;
}

/** @since 0.2.0 */
export const guardOutput = (
  stream: NodeJS.WriteStream | (NodeJS.WritableStream & { isTTY?: boolean; columns?: number }),
): GuardedOutput => {
  let closed = false;
  let failure: unknown;
  const waiting = new Set<() => void>();
  stream.on('error', (error: unknown) => {
    closed = true;
    if (failure === undefined && !isEpipe(error)) failure = error;
    for (const release of waiting) release();
    waiting.clear();
  });
  return {
    write: (text) => (closed ? true : stream.write(text)),
    once: (_event, listener) => {
      if (closed) {
        listener();
        return;
      }
      const release = (): void => {
        waiting.delete(release);
        stream.removeListener('drain', release);
        listener();
      };
      waiting.add(release);
      stream.once('drain', release);
    },
    get isTTY() {
      return stream.isTTY === true;
    },
    get columns() {
      return stream.columns ?? 0;
    },
    failure: () => failure,
  };
};

/**
 * The real process streams, stdout and stderr guarded (`guardOutput`): a reader
 * that quits early ends nothing but the output.
 *
 * @since 0.1.0
 * @example
 * import { main, nodeIo } from '@license-ledger/cli'
 * process.exitCode = await main(['validate', 'audit.ndjson'], nodeIo()) // what the license-ledger binary does
 */
export const nodeIo = (): CliIo & { readonly stdout: GuardedOutput; readonly stderr: GuardedOutput } => ({
  stdout: guardOutput(process.stdout),
  stderr: guardOutput(process.stderr),
  stdin: process.stdin,
  env: process.env,
});

/**
 * Writes text and, when the stream is full, waits until it drains, so that a
 * long listing piped to a slow reader is not buffered whole in memory.
 *
 * @since 0.1.0
 */
export const writeText = async (stream: OutputStream, text: string): Promise<void> => {
  if (stream.write(text) || stream.once === undefined) return;
  const once = stream.once.bind(stream);
  await new Promise<void>((resolve) => once('drain', resolve));
};

/**
 * Writes pieces of text (a report rendered piece by piece) in blocks of about
 * 64 KiB, waiting for `drain` between blocks: the output streams whatever its
 * size, and is never built as one string.
 *
 * @since 0.2.0
 */
export const writePieces = async (
  stream: OutputStream,
  pieces: Iterable<string>,
  blockSize = 64 * 1024,
): Promise<void> => {
  let block = '';
  for (const piece of pieces) {
    block += piece;
    if (block.length >= blockSize) {
      await writeText(stream, block);
      block = '';
    }
  }
  if (block !== '') await writeText(stream, block);
};

/**
 * The one-line form of a usage or input error: `license-ledger: <message>`,
 * control characters escaped (`printable`): a message may quote an id from the log.
 *
 * @since 0.1.0
 */
export const errorLine = (message: string): string =>
  `license-ledger: ${printable(message.replace(/[\r\n]+/g, ' '))}\n`;

/**
 * The message of anything thrown or emitted as an error, on one line or not.
 *
 * @since 0.1.0
 */
export const messageOf = (error: unknown): string =>
  typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string'
    ? error.message
    : String(error);

const debugStack = (error: unknown, env: CliIo['env']): string =>
  env['LEDGER_DEBUG'] === '1' && typeof error === 'object' && error !== null && 'stack' in error
    ? `${String(error.stack)}\n`
    : '';

/**
 * Handles a failure of stdout (`guardOutput`), once the command has returned. A reader that quits early (`| head`)
 * closes the pipe: EPIPE is no error of the tool, so `exit(null)` keeps the
 * status so far. Any other failure to write the output (a full disk, ENOSPC) is
 * one line on stderr, `license-ledger: cannot write the output: <reason>`, the
 * stack only with `LEDGER_DEBUG=1`, then `exit(EXIT.internal)`: never exit 1,
 * which says the log has problems.
 *
 * @since 0.1.0
 */
export const onStdoutError =
  (io: Pick<CliIo, 'stderr' | 'env'>, exit: (code: number | null) => void) =>
  (error: unknown): void => {
    if (isEpipe(error)) {
      exit(null);
      return;
    }
    io.stderr.write(errorLine(`cannot write the output: ${messageOf(error)}`) + debugStack(error, io.env));
    exit(EXIT.internal);
  };
