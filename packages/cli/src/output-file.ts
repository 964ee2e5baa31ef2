/**
 * Writing a command's page or picture to the FILE its option names (`-`: stdout).
 *
 * @since 0.1.0
 */
import { writeFile } from 'node:fs/promises';
import * as E from 'fp-ts/Either';
import { type CliIo, messageOf, writeText } from './io';

/**
 * Writes `text` to `path`, or to stdout for `-`. A file that cannot be written
 * (no such folder, a directory, no permission) is a `Left` with a one-line
 * message naming it (bad usage, exit 2), never an exception.
 *
 * @since 0.1.0
 */
export const writeOutputFile = async (
  path: string,
  text: string,
  io: Pick<CliIo, 'stdout'>,
): Promise<E.Either<string, void>> => {
  if (path === '-') {
    await writeText(io.stdout, text);
    return E.right(undefined);
  }
  try {
    await writeFile(path, text, 'utf8');
    return E.right(undefined);
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
    const why =
      code === 'ENOENT'
        ? 'no such folder'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : messageOf(error);
    return E.left(`cannot write ${path}: ${why}`);
  }
};
