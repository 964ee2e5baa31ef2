import { Readable } from 'node:stream';
import type { CliIo, OutputStream } from '../../src/io';

/** A CliIo whose stdout and stderr are collected in memory. */
export interface MemoryIo {
  readonly io: CliIo;
  readonly out: () => string;
  readonly err: () => string;
}

export const memoryStream = (isTTY = false): OutputStream & { text: () => string } => {
  const chunks: string[] = [];
  return { write: (text) => chunks.push(text) > 0, isTTY, text: () => chunks.join('') };
};

export const memoryIo = (
  options: { stdin?: string | Uint8Array; stderrIsTTY?: boolean; env?: Record<string, string> } = {},
): MemoryIo => {
  const stdout = memoryStream();
  const stderr = memoryStream(options.stderrIsTTY ?? false);
  const stdin = Readable.from(
    options.stdin === undefined ? [] : [typeof options.stdin === 'string' ? Buffer.from(options.stdin) : options.stdin],
  );
  return { io: { stdout, stderr, stdin, env: options.env ?? {} }, out: stdout.text, err: stderr.text };
};
