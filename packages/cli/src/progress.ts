/**
 * A progress bar on stderr for long reads: bytes read against the file's size.
 *
 * @since 0.1.0
 */
import type { OutputStream } from './io';

/**
 * Receives how far the reading got.
 *
 * @since 0.1.0
 */
export interface Progress {
  update(bytesRead: number): void;
  /** Erases the bar, so that what follows on the terminal starts on a clean line. */
  done(): void;
}

/** Below this size a log reads in about a second: a bar would only flicker. @since 0.1.0 */
export const PROGRESS_MIN_BYTES = 8 * 1024 * 1024;

/** @since 0.1.0 */
export const noProgress: Progress = Object.freeze({ update: () => undefined, done: () => undefined });

/**
 * Whether to draw a bar: only for a person watching a terminal (stderr is a TTY),
 * never with `--json` (its reader is a program), and only for a large log of known size.
 *
 * @since 0.1.0
 */
export const wantsProgress = (options: {
  readonly stderrIsTTY: boolean;
  readonly json: boolean;
  readonly totalBytes: number | null;
}): boolean =>
  options.stderrIsTTY && !options.json && options.totalBytes !== null && options.totalBytes > PROGRESS_MIN_BYTES;

const BAR_WIDTH = 30;

const megabytes = (bytes: number): string => (bytes / (1024 * 1024)).toFixed(1);

/**
 * One frame of the bar: `[#########.....]  42%  12.3/29.0 MiB name`.
 *
 * @since 0.1.0
 */
export const progressLine = (name: string, bytesRead: number, totalBytes: number): string => {
  const fraction = totalBytes <= 0 ? 1 : Math.min(1, Math.max(0, bytesRead / totalBytes));
  const filled = Math.floor(fraction * BAR_WIDTH);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${percent}  ${megabytes(bytesRead)}/${megabytes(totalBytes)} MiB ${name}`;
};

/**
 * A bar redrawn in place with `\r`, only when its percentage changes: a few
 * hundred writes for a whole log, whatever its size, and no clock needed.
 *
 * @since 0.1.0
 */
export const progressBar = (stream: OutputStream, name: string, totalBytes: number): Progress => {
  let shownPercent = -1;
  let width = 0;
  return {
    update(bytesRead) {
      const percent = totalBytes <= 0 ? 100 : Math.min(100, Math.floor((bytesRead / totalBytes) * 100));
      if (percent === shownPercent) return;
      shownPercent = percent;
      const line = progressLine(name, bytesRead, totalBytes);
      width = Math.max(width, line.length);
      stream.write(`\r${line}`);
    },
    done() {
      if (shownPercent >= 0) stream.write(`\r${' '.repeat(width)}\r`);
      shownPercent = -1;
    },
  };
};
