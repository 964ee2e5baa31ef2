import fc from 'fast-check';
import { EXIT } from '../src/commands/exit';
import { errorLine, onStdoutError, writeText } from '../src/io';
import { memoryStream } from './support/io';


describe('errorLine', () => {
  test('is one line starting with "license-ledger: ", whatever the message holds', () => {
    fc.assert(
      fc.property(fc.string(), (message) => {
        const line = errorLine(message);
        return line.startsWith('license-ledger: ') && line.endsWith('\n') && line.indexOf('\n') === line.length - 1 && !line.includes('\r');
      }),
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

describe('onStdoutError', () => {
  const enospc = (): NodeJS.ErrnoException =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

  const handle = (error: unknown, env: Record<string, string> = {}) => {
    const stderr = memoryStream();
    const exits: (number | null)[] = [];
    onStdoutError({ stderr, env }, (code) => exits.push(code))(error);
    return { err: stderr.text(), exits };
  };

  test('output that cannot be written (ENOSPC) is one line on stderr and the internal-error exit, never 1 (the log has problems)', () => {
    expect(handle(enospc())).toEqual({ err: 'license-ledger: cannot write the output: ENOSPC: no space left on device, write\n', exits: [EXIT.internal] });
  });

  test('the stack of an output error only with LEDGER_DEBUG=1', () => {
    const debug = handle(enospc(), { LEDGER_DEBUG: '1' });
    expect(debug.exits).toEqual([EXIT.internal]);
    expect(debug.err.startsWith('license-ledger: cannot write the output: ENOSPC')).toBe(true);
    expect(debug.err).toContain('    at ');
    expect(handle(enospc(), { LEDGER_DEBUG: '0' }).err).not.toContain('    at ');
  });

  test('a multi-line or non-Error reason still gives one line', () => {
    expect(handle(new Error('disk\nfull')).err).toBe('license-ledger: cannot write the output: disk full\n');
    expect(handle('gone').err).toBe('license-ledger: cannot write the output: gone\n');
  });

  test('EPIPE (a reader that quit early, `| head`) is no error: nothing on stderr, the status so far is kept', () => {
    expect(handle(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }))).toEqual({ err: '', exits: [null] });
  });
});
