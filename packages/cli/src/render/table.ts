/**
 * Aligned plain-text tables for terminals: no colour, no box drawing, so the
 * output reads the same in a pipe, a file or a terminal.
 *
 * @since 0.1.0
 */

/**
 * One column: its heading and which side its cells line up on (numbers right).
 *
 * @since 0.1.0
 * @example const c: Column = { header: 'USED', align: 'right' }
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

/** Cells are one line each: a newline or tab in an id from the log must not break the layout. */
const oneLine = (text: string): string => text.replace(/[\r\n\t]+/g, ' ');

/**
 * Renders rows under their headers, each column as wide as its widest cell,
 * columns two spaces apart, no trailing spaces; every line ends with `\n`.
 * Missing cells are blank; extra cells are ignored.
 *
 * @since 0.1.0
 * @example
 * renderTable([{ header: 'POOL' }, { header: 'USED', align: 'right' }], [['acme-kes', '8']])
 * // 'POOL      USED\nacme-kes     8\n'
 */
export const renderTable = (columns: readonly Column[], rows: readonly (readonly string[])[]): string => {
  const cells = rows.map((row) => columns.map((_, i) => oneLine(row[i] ?? '')));
  const widths = columns.map((column, i) => Math.max(widthOf(column.header), ...cells.map((row) => widthOf(row[i] ?? ''))));
  const line = (row: readonly string[]): string =>
    columns
      .map((column, i) => pad(row[i] ?? '', widths[i] ?? 0, column.align ?? 'left'))
      .join(GAP)
      .trimEnd();
  return [columns.map((c) => c.header), ...cells].map((row) => `${line(row)}\n`).join('');
};
