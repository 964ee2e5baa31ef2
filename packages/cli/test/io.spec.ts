import fc from 'fast-check';
import { errorLine, writeText } from '../src/io';

const seed = Number(process.env['LEDGER_SEED'] ?? 20251123);
const numRuns = Number(process.env['LEDGER_NUM_RUNS'] ?? 200);

describe('errorLine', () => {
  test('is one line starting with "license-ledger: ", whatever the message holds', () => {
    fc.assert(
      fc.property(fc.string(), (message) => {
        const line = errorLine(message);
        return line.startsWith('license-ledger: ') && line.endsWith('\n') && line.indexOf('\n') === line.length - 1 && !line.includes('\r');
      }),
      { seed, numRuns },
    );
  });
});

describe('writeText', () => {
  test('waits for drain when the stream is full, so a slow reader is not buffered whole', async () => {
    let drain: (() => void) | undefined;
    const written: string[] = [];
    const stream = { write: (text: string) => written.push(text) < 0, once: (_event: 'drain', listener: () => void) => { drain = listener; } };
    let done = false;
    const writing = writeText(stream, 'a').then(() => { done = true; });
    await Promise.resolve();
    expect(written).toEqual(['a']);
    expect(done).toBe(false);
    drain?.();
    await writing;
    expect(done).toBe(true);
  });

  test('returns at once when the stream accepts the text', async () => {
    const stream = { write: () => true, once: () => { throw new Error('must not wait'); } };
    await expect(writeText(stream, 'a')).resolves.toBeUndefined();
  });
});
