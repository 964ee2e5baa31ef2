#!/usr/bin/env node
/**
 * The `license-ledger` executable: runs {@link main} on the real process.
 *
 * @since 0.1.0
 */
import { nodeIo } from './io';
import { main } from './main';

// A reader that quits early (`| head`) closes the pipe: that is not an error of the tool.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// exitCode, not exit(): stdout may still be draining into a pipe.
void main(process.argv.slice(2), nodeIo()).then((code) => {
  process.exitCode = code;
});
