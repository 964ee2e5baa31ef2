import fc from 'fast-check';
import { printable } from '../../src/render/printable';
import { renderTable } from '../../src/render/table';

describe('renderTable', () => {
  test('lines up columns two spaces apart, numbers on the right, with no trailing spaces', () => {
    const text = renderTable(
      [{ header: 'POOL' }, { header: 'USED', align: 'right' }, { header: 'NOTE' }],
      [
        ['acme-kes', '8', 'x'],
        ['g', '10', ''],
      ],
    );
    expect(text).toBe('POOL      USED  NOTE\nacme-kes     8  x\ng           10\n');
  });

  test('every cell of a column starts at the same offset, and each row is one line', () => {
    const cell = fc.string({
      unit: fc.constantFrom('a', 'b', '-', '#', '\n', '\r', '\t', '\u001b', 'é'),
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.array(cell, { minLength: 4, maxLength: 4 }), { maxLength: 6 }),
        (columnCount, rows) => {
          const columns = Array.from({ length: columnCount }, (_, i) => ({ header: `H${i}` }));
          const lines = renderTable(columns, rows).split('\n');
          if (lines.pop() !== '' || lines.length !== rows.length + 1) return false;
          const shown = [columns.map((c) => c.header), ...rows.map((row) => row.slice(0, columnCount).map(printable))];
          const widths = columns.map((_, i) => Math.max(...shown.map((row) => (row[i] ?? '').length)));
          const offsets = widths.map((_, i) => widths.slice(0, i).reduce((sum, w) => sum + w + 2, 0));
          return lines.every(
            (line, r) =>
              !line.endsWith(' ') &&
              offsets.every(
                (at, i) => line.slice(at, at + (widths[i] ?? 0)).trimEnd() === (shown[r]?.[i] ?? '').trimEnd(),
              ),
          );
        },
      ),
    );
  });

  test('hostile input (issue 10): a control character in a cell (an id with \\r\\n, a terminal escape) is printed escaped, never raw', () => {
    const text = renderTable([{ header: 'MACHINE' }, { header: 'NOTE' }], [['ws-1\r\nAgent: live', '\u001b[2J\u009b']]);
    expect(text).toBe('MACHINE              NOTE\nws-1\\r\\nAgent: live  \\x1b[2J\\x9b\n');
    expect(text.split('\n')).toHaveLength(3);
  });

  test('many rows: widths by a loop, not a spread of every cell (125 000 rows overflowed the stack)', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [String(i)]);
    const text = renderTable([{ header: 'N', align: 'right' }], rows);
    expect(text.slice(0, 14)).toBe('     N\n     0\n');
  });

  test('a missing cell is blank', () => {
    expect(renderTable([{ header: 'A' }, { header: 'B' }], [['x']])).toBe('A  B\nx\n');
  });
});
