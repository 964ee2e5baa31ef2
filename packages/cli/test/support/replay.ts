import * as E from 'fp-ts/Either';
import type { Instant, ReplayMode } from '@license-ledger/core';
import { openLog, type ReplayedLog, replayLog } from '../../src/read-log';
import { noProgress } from '../../src/progress';
import { memoryIo } from './io';

/** Replays NDJSON text given on (a fake) stdin, as the commands do. */
export const replayText = async (
  text: string,
  options: { mode?: ReplayMode; asOf?: Instant | null } = {},
): Promise<ReplayedLog> => {
  const { io } = memoryIo({ stdin: text });
  const opened = await openLog('-', io);
  if (E.isLeft(opened)) throw new Error(opened.left);
  return replayLog(
    opened.right,
    { mode: options.mode ?? 'lenient', asOf: options.asOf ?? null, history: 'full' },
    noProgress,
  );
};
