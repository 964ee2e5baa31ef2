import fc from 'fast-check';
import { noProgress, PROGRESS_MIN_BYTES, progressBar, progressLine, wantsProgress } from '../src/progress';
import { memoryStream } from './support/io';

describe('wantsProgress', () => {
  test('only for a terminal, without --json, for a large log of known size', () => {
    const big = PROGRESS_MIN_BYTES + 1;
    expect(wantsProgress({ stderrIsTTY: true, json: false, totalBytes: big })).toBe(true);
    expect(wantsProgress({ stderrIsTTY: false, json: false, totalBytes: big })).toBe(false);
    expect(wantsProgress({ stderrIsTTY: true, json: true, totalBytes: big })).toBe(false);
    expect(wantsProgress({ stderrIsTTY: true, json: false, totalBytes: PROGRESS_MIN_BYTES })).toBe(false);
    expect(wantsProgress({ stderrIsTTY: true, json: false, totalBytes: null })).toBe(false);
  });
});

describe('progressLine', () => {
  test('has a bar of fixed width whose filling grows with the bytes read, never past full', () => {
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 2 ** 40 }), (a, b, total) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const bar = (bytes: number) => /^\[(#*)(\.*)\]/.exec(progressLine('f', bytes, total));
        const x = bar(low);
        const y = bar(high);
        return (
          x !== null &&
          y !== null &&
          x[0].length === 32 &&
          y[0].length === 32 &&
          (x[1]?.length ?? 0) <= (y[1]?.length ?? 0)
        );
      }),
    );
  });

  test('shows the percentage and the sizes in MiB', () => {
    expect(progressLine('big.ndjson', 3 * 1024 * 1024, 12 * 1024 * 1024)).toBe(
      '[#######.......................]  25%  3.0/12.0 MiB big.ndjson',
    );
  });
});

describe('progressBar', () => {
  test('redraws in place only when the percentage changes, and done() erases it', () => {
    const stream = memoryStream(true);
    const bar = progressBar(stream, 'f', 1000);
    bar.update(1);
    bar.update(5);
    bar.update(10);
    bar.update(1000);
    const frames = stream
      .text()
      .split('\r')
      .filter((f) => f !== '');
    expect(frames).toHaveLength(3);
    expect(frames[2]).toContain('100%');
    bar.done();
    expect(stream.text().endsWith(`\r${' '.repeat((frames[2] ?? '').length)}\r`)).toBe(true);
  });

  test('done() writes nothing when nothing was drawn; noProgress writes nothing at all', () => {
    const stream = memoryStream(true);
    progressBar(stream, 'f', 1000).done();
    noProgress.update(5);
    noProgress.done();
    expect(stream.text()).toBe('');
  });
});
