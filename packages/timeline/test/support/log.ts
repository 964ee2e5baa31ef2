import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLog, type LogEntry, splitLines } from '@license-ledger/core';

/** The decoded lines of an example log of the repository. */
export const exampleEntries = (name: string): LogEntry[] => {
  const bytes = readFileSync(join(__dirname, '../../../../examples', name));
  return [...decodeLog(splitLines([bytes]))].flat();
};
