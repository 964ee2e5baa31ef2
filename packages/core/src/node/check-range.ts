import { createReadStream } from 'node:fs';
import { decodeLogAsync } from '../log/decode-log';
import type { SplitOptions } from '../log/ndjson';
import type { LogEntry } from '../replay/replayer';
import { readBatches } from './open-audit-log';

/**
 * A line of the log that is not an event (R-L2): its number, why, and the id it claimed if any.
 *
 * @since 0.4.0
 */
export type DecodeProblem = Extract<LogEntry, { readonly problem: string }>;

/** What one chunk of a checked range gave: its problems, and the lines and bytes read so far. */
export interface RangeCheck {
  readonly problems: readonly DecodeProblem[];
  readonly lines: number;
  readonly bytes: number;
}

const NEWLINE = 0x0a;

/** The newlines in the first `end` bytes of a file: a part that starts at `end` starts on that count plus one. */
export const newlinesBefore = async (path: string, end: number, chunkBytes: number): Promise<number> => {
  let count = 0;
  if (end <= 0) return 0;
  for await (const chunk of createReadStream(path, { start: 0, end: end - 1, highWaterMark: chunkBytes })) {
    const bytes = chunk as Buffer;
    for (let at = bytes.indexOf(NEWLINE); at !== -1; at = bytes.indexOf(NEWLINE, at + 1)) count += 1;
  }
  return count;
};

/**
 * Decodes the lines of a plain (not gzip) file from byte `start`, which is 0 or
 * just after a newline, to byte `end` (exclusive, which is just after a newline;
 * the end of the file when absent), numbering them from `firstLine`, and gives
 * per chunk read only the problems (R-L2): the events are checked and dropped.
 */
export async function* checkRange(
  path: string,
  range: { readonly start: number; readonly end?: number; readonly firstLine: number },
  chunkBytes: number,
  split: SplitOptions,
): AsyncGenerator<RangeCheck> {
  const progress = { bytes: 0 };
  let lines = 0;
  const open = (): NodeJS.ReadableStream =>
    createReadStream(path, {
      start: range.start,
      ...(range.end === undefined ? {} : { end: range.end - 1 }),
      highWaterMark: chunkBytes,
    });
  const batches = readBatches(open, progress, { ...split, firstLine: range.firstLine }, range.start === 0);
  for await (const batch of decodeLogAsync(batches, { shareIds: false })) {
    lines += batch.length;
    const problems: DecodeProblem[] = [];
    for (const entry of batch) if (!('event' in entry)) problems.push(entry);
    yield { problems, lines, bytes: progress.bytes };
  }
}
