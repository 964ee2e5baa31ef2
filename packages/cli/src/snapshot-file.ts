/**
 * Snapshot files for `report --from-snapshot` and `--save-snapshot`: the bytes of
 * core's `toSnapshot`, read whole and checked by the reader given (`report`'s is
 * core's `replayerFromSnapshot`, `fromSnapshot`'s twin).
 *
 * @since 0.2.0
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import * as E from 'fp-ts/Either';
import { type LedgerState, type SnapshotError, toSnapshot } from '@license-ledger/core';
import { fastestCrc32 } from '@license-ledger/core/node';
import { messageOf } from './io';

const reason = (error: unknown): string => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return messageOf(error);
};

/**
 * What `read` makes of the snapshot saved in `file`, or a one-line reason (a
 * missing file, or bytes `read` refuses: damaged, truncated, another format version).
 *
 * @since 0.2.0
 */
export const readSnapshotFile = async <T>(
  file: string,
  read: (bytes: Uint8Array) => E.Either<SnapshotError, T>,
): Promise<E.Either<string, T>> => {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return E.left(`cannot read snapshot ${file}: ${reason(error)}`);
  }
  const made = read(bytes);
  return E.isLeft(made) ? E.left(`cannot use snapshot ${file}: ${made.left.message}`) : E.right(made.right);
};

/**
 * Saves `state` to `file` through a temporary file renamed over it, so a crash
 * mid-write never leaves a half snapshot under the name.
 *
 * @since 0.2.0
 */
export const writeSnapshotFile = async (file: string, state: LedgerState): Promise<E.Either<string, number>> => {
  const bytes = toSnapshot(state, { crc32: fastestCrc32 });
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, file);
    return E.right(bytes.length);
  } catch (error) {
    return E.left(`cannot write snapshot ${file}: ${reason(error)}`);
  }
};
