/**
 * Snapshot files for `report --from-snapshot` and `--save-snapshot`: the bytes of
 * core's `toSnapshot`, read whole and checked by `fromSnapshot`.
 *
 * @since 0.2.0
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import * as E from 'fp-ts/Either';
import { fromSnapshot, type LedgerState, toSnapshot } from '@license-ledger/core';
import { randomHashSeed } from '@license-ledger/core/node';
import { messageOf } from './io';

const reason = (error: unknown): string => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return messageOf(error);
};

/**
 * The ledger saved in `file`, or a one-line reason (a missing file, or bytes
 * `fromSnapshot` refuses: damaged, truncated, another format version).
 *
 * @since 0.2.0
 */
export const readSnapshotFile = async (file: string): Promise<E.Either<string, LedgerState>> => {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return E.left(`cannot read snapshot ${file}: ${reason(error)}`);
  }
  // A file is untrusted input, as a log is: its ids are placed by a seed of this run.
  const state = fromSnapshot(bytes, { hashSeed: randomHashSeed() });
  return E.isLeft(state) ? E.left(`cannot use snapshot ${file}: ${state.left.message}`) : E.right(state.right);
};

/**
 * Saves `state` to `file` through a temporary file renamed over it, so a crash
 * mid-write never leaves a half snapshot under the name.
 *
 * @since 0.2.0
 */
export const writeSnapshotFile = async (file: string, state: LedgerState): Promise<E.Either<string, number>> => {
  const bytes = toSnapshot(state);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
    return E.right(bytes.length);
  } catch (error) {
    return E.left(`cannot write snapshot ${file}: ${reason(error)}`);
  }
};
