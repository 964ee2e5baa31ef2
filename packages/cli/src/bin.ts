#!/usr/bin/env node
/**
 * The `license-ledger` executable: runs {@link main} on the real process.
 *
 * @since 0.1.0
 */
import { nodeIo, onStdoutError } from './io';
import { main } from './main';

// stdout and stderr are guarded: a reader that quits early (EPIPE) or a full disk
// never ends the process before main returns, so the status is the log's, whoever
// reads the output. exitCode, not exit(): stdout may still be draining into a pipe.
const io = nodeIo();
void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
  const failure = io.stdout.failure();
  // EPIPE is no failure; any other (ENOSPC) is one line on stderr and exit 3, not a stack trace.
  if (failure !== undefined)
    onStdoutError(io, (status) => {
      process.exitCode = status ?? code;
    })(failure);
});
