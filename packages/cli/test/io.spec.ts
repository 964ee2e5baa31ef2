import fc from 'fast-check';
import { EXIT } from '../src/commands/exit';
import { EventEmitter } from 'node:events';
import { errorLine, guardOutput, onStdoutError, writePieces, writeText } from '../src/io';
import { memoryStream } from './support/io';

describe('errorLine', () => {
  test('is one line starting with "license-ledger: ", whatever the message holds', () => {
    fc.assert(
      fc.property(fc.string(), (message) => {
        const line = errorLine(message);
        return (
          line.startsWith('license-ledger: ') &&
          line.endsWith('\n') &&
          line.indexOf('\n') === line.length - 1 &&
          !line.includes('\r')
        );
      }),
    );
  });
});

describe('writeText', () => {
  test('waits for drain when the stream is full, so a slow reader is not buffered whole', async () => {
    let drain: (() => void) | undefined;
    const written: string[] = [];
    const stream = {
      write: (text: string) => written.push(text) < 0,
      once: (_event: 'drain', listener: () => void) => {
        drain = listener;
      },
    };
    let done = false;
    const writing = writeText(stream, 'a').then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(written).toEqual(['a']);
    expect(done).toBe(false);
    drain?.();
    await writing;
    expect(done).toBe(true);
  });

  test('returns at once when the stream accepts the text', async () => {
    const stream = {
      write: () => true,
      once: () => {
        throw new Error('must not wait');
      },
    };
    await expect(writeText(stream, 'a')).resolves.toBeUndefined();
  });
});

describe('onStdoutError', () => {
  const enospc = (): NodeJS.ErrnoException =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), {
      code: 'ENOSPC',
      errno: -28,
      syscall: 'write',
    });

  const handle = (error: unknown, env: Record<string, string> = {}) => {
    const stderr = memoryStream();
    const exits: (number | null)[] = [];
    onStdoutError({ stderr, env }, (code) => exits.push(code))(error);
    return { err: stderr.text(), exits };
  };

  test('output that cannot be written (ENOSPC) is one line on stderr and the internal-error exit, never 1 (the log has problems)', () => {
    expect(handle(enospc())).toEqual({
      err: 'license-ledger: cannot write the output: ENOSPC: no space left on device, write\n',
      exits: [EXIT.internal],
    });
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

describe('guardOutput', () => {
  /** A stream that accepts `room` writes, then wants a drain; `fail` emits an error as a closed pipe does. */
  const fakeStream = (room: number) => {
    const emitter = new EventEmitter();
    const written: string[] = [];
    const stream = Object.assign(emitter, {
      write: (text: string) => written.push(text) <= room,
      fail: (code: string) => emitter.emit('error', Object.assign(new Error(`write ${code}`), { code })),
    });
    return { stream, written };
  };

  test('F8: EPIPE (the reader quit, `| head -1`) releases a writer waiting for drain and drops later writes; it is no failure', async () => {
    const { stream, written } = fakeStream(1);
    const out = guardOutput(stream as unknown as NodeJS.WritableStream);
    await writeText(out, 'a');
    const waiting = writeText(out, 'b'); // over the room: waits for drain
    stream.fail('EPIPE');
    await waiting;
    await writePieces(out, ['c', 'd']);
    expect(written).toEqual(['a', 'b']);
    expect(out.failure()).toBeUndefined();
  });

  test('F8: any other write error (ENOSPC) is kept as the failure, for exit 3 once the command returns', async () => {
    const { stream } = fakeStream(0);
    const out = guardOutput(stream as unknown as NodeJS.WritableStream);
    const waiting = writeText(out, 'a');
    stream.fail('ENOSPC');
    await waiting;
    expect(out.failure()).toMatchObject({ code: 'ENOSPC' });
  });
});

describe('writePieces', () => {
  test('F2: pieces are written in blocks of about 64 KiB, in order', async () => {
    const chunks: string[] = [];
    await writePieces(
      { write: (text) => chunks.push(text) > 0 },
      Array.from({ length: 100_000 }, () => 'abcdefghij'),
    );
    expect(chunks.join('')).toBe('abcdefghij'.repeat(100_000));
    expect(chunks.length).toBe(Math.ceil(1_000_000 / 65_540));
  });
});
