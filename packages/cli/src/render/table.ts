/**
 * Aligned plain-text tables for terminals: no colour, no box drawing, so the
 * output reads the same in a pipe, a file or a terminal.
 *
 * @since 0.1.0
 */
import { printable } from './printable';

/**
 * One column: its heading and which side its cells line up on (numbers right).
 *
 * @since 0.1.0
 */
export interface Column {
  readonly header: string;
  readonly align?: 'left' | 'right';
}

const GAP = '  ';

/** Counted in code points, so that an id with a non-BMP character does not shift its row. */
const widthOf = (text: string): number => [...text].length;

const pad = (text: string, width: number, align: 'left' | 'right'): string => {
  const fill = ' '.repeat(Math.max(0, width - widthOf(text)));
  return align === 'right' ? fill + text : text + fill;
};

/**
 * The lines of a table (each ending with `\n`), made one at a time: a table of
 * 100 000 problems streams to its reader instead of being built as one string.
 * Cells are escaped (`printable`): a newline, tab or terminal escape in an id
 * from the log cannot break the layout or reach the terminal.
 *
 * @since 0.2.0
 */
export function* tableLines(columns: readonly Column[], rows: readonly (readonly string[])[]): Generator<string> {
  const widths = columns.map((column) => widthOf(column.header));
  // A loop, not Math.max(...cells): a spread of 125 000 arguments overflows the stack.
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      const width = widthOf(printable(row[i] ?? ''));
      if (width > (widths[i] ?? 0)) widths[i] = width;
    }
  }
  const line = (row: readonly string[]): string =>
    `${columns
      .map((column, i) => pad(row[i] ?? '', widths[i] ?? 0, column.align ?? 'left'))
      .join(GAP)
      .trimEnd()}\n`;
  yield line(columns.map((c) => c.header));
  for (const row of rows) yield line(columns.map((_, i) => printable(row[i] ?? '')));
}

/**
 * Renders rows under their headers, each column as wide as its widest cell,
 * columns two spaces apart, no trailing spaces; every line ends with `\n`.
 * Missing cells are blank; extra cells are ignored; cells are escaped (`printable`).
 *
 * @since 0.1.0
 */
export const renderTable = (columns: readonly Column[], rows: readonly (readonly string[])[]): string =>
  [...tableLines(columns, rows)].join('');
