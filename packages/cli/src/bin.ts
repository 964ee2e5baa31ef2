#!/usr/bin/env node
/**
 * The `license-ledger` executable: runs {@link main} on the real process.
 *
 * @since 0.1.0
 */
import { nodeIo, onStdoutError } from './io';
import { main } from './main';

// EPIPE (a reader that quit early) keeps the status so far; any other write error
// (ENOSPC on a full disk) is one line on stderr and exit 3, not a stack trace.
process.stdout.on('error', onStdoutError(nodeIo(), (code) => process.exit(code ?? process.exitCode ?? 0)));

// exitCode, not exit(): stdout may still be draining into a pipe.
void main(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
