import fc from 'fast-check';
import {
  createLineSplitter,
  DEFAULT_MAX_LINE_BYTES,
  parseJsonLine,
  splitLines,
  splitLinesAsync,
  type SplitItem,
} from '../../src/log/ndjson';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

const concat = (...parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((size, part) => size + part.byteLength, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
};

/** Cuts `input` at the given offsets (any order, duplicates allowed). */
const cut = <T extends string | Uint8Array>(input: T, offsets: readonly number[]): T[] => {
  const points = [...new Set(offsets.map((offset) => offset % (input.length + 1)))].sort((a, b) => a - b);
  const chunks: T[] = [];
  let from = 0;
  for (const point of [...points, input.length]) {
    chunks.push(input.slice(from, point) as T);
    from = point;
  }
  return chunks;
};

const bySize = <T extends string | Uint8Array>(input: T, size: number): T[] => {
  const chunks: T[] = [];
  for (let at = 0; at < input.length; at += size) chunks.push(input.slice(at, at + size) as T);
  return chunks;
};

const items = (chunks: Iterable<string | Uint8Array>): SplitItem[] => [...splitLines(chunks)].flat();

const itemsAsync = async (chunks: Iterable<string | Uint8Array>): Promise<SplitItem[]> => {
  async function* source(): AsyncGenerator<string | Uint8Array> {
    for (const chunk of chunks) yield chunk;
  }
  const out: SplitItem[] = [];
  for await (const batch of splitLinesAsync(source())) out.push(...batch);
  return out;
};

/** The generator's return value: the number of physical lines. */
const linesSeen = (chunks: Iterable<string | Uint8Array>): number => {
  const lines = splitLines(chunks);
  for (;;) {
    const step = lines.next();
    if (step.done === true) return step.value;
  }
};

/** A deliberately naive reading of the rules, one whole-input pass, to check the chunked splitter against. */
const oracle = (bytes: Uint8Array): SplitItem[] => {
  const parts: Uint8Array[] = [];
  let from = 0;
  for (let at = 0; at < bytes.length; at++) {
    if (bytes[at] === 0x0a) {
      parts.push(bytes.subarray(from, at));
      from = at + 1;
    }
  }
  if (from < bytes.length) parts.push(bytes.subarray(from));
  const out: SplitItem[] = [];
  parts.forEach((part, index) => {
    const line = index + 1;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(part);
    } catch {
      out.push({ line, message: 'not valid UTF-8' });
      return;
    }
    if (text.endsWith('\r')) text = text.slice(0, -1);
    if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
    if (text.trim() !== '') out.push({ line, text });
  });
  return out;
};

const INVALID_SEQUENCES: readonly (readonly number[])[] = [
  [0xff], // never valid in UTF-8
  [0xc3], // lead byte without its continuation
  [0xe2, 0x82], // a three-byte sequence cut short
  [0x80], // continuation byte without a lead
  [0xc0, 0x80], // overlong NUL
  [0xed, 0xa0, 0x80], // an encoded surrogate
];

const lineText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }).map((text) => text.replaceAll('\n', '')),
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\r',
    ' \r',
    '\u00a0',
    '{"a":1}',
    '{"a":1}\r',
    '\uFEFF{"bom":1}',
    'é€😀',
    '{"k":"日本"}',
  ),
);

const lineBytes = fc.oneof(
  { weight: 4, arbitrary: lineText.map(utf8) },
  {
    weight: 1,
    arbitrary: fc
      .tuple(lineText, fc.constantFrom(...INVALID_SEQUENCES), lineText)
      .map(([before, bad, after]) => concat(utf8(before), Uint8Array.from(bad), utf8(after))),
  },
);

const logBytes = fc
  .record({ bom: fc.boolean(), lines: fc.array(lineBytes, { maxLength: 12 }), finalNewline: fc.boolean() })
  .map(({ bom, lines, finalNewline }) => {
    const parts: Uint8Array[] = bom ? [Uint8Array.of(0xef, 0xbb, 0xbf)] : [];
    lines.forEach((line, index) => {
      if (index > 0) parts.push(Uint8Array.of(0x0a));
      parts.push(line);
    });
    if (finalNewline && lines.length > 0) parts.push(Uint8Array.of(0x0a));
    return concat(...parts);
  });

describe('splitLines', () => {
  it('R-L1: numbers lines from 1 and emits them without their newline', () => {
    expect(items([utf8('{"a":1}\n{"b":2}\n')])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
  });

  it('R-L1: a CRLF line loses its trailing CR, and only that one', () => {
    expect(items([utf8('{"a":1}\r\n{"b":2}\r\r\n{"c":3}\r')])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}\r' },
      { line: 3, text: '{"c":3}' },
    ]);
  });

  it('R-L1: a CRLF split between CR and LF across chunks still loses its CR', () => {
    expect(items([utf8('{"a":1}\r'), utf8('\n{"b":2}')])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
  });

  it('R-L1: a UTF-8 BOM at the very start is removed, even when it spans three chunks', () => {
    const expected = [{ line: 1, text: '{"a":1}' }];
    expect(items([utf8('\uFEFF{"a":1}\n')])).toEqual(expected);
    expect(items([Uint8Array.of(0xef), Uint8Array.of(0xbb), Uint8Array.of(0xbf), utf8('{"a":1}')])).toEqual(expected);
    expect(items(['\uFEFF{"a":1}'])).toEqual(expected);
  });

  it('R-L1: U+FEFF anywhere but the start of the file is content, not a BOM', () => {
    expect(items([utf8('{"a":1}\n\uFEFF{"b":2}\n')])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '\uFEFF{"b":2}' },
    ]);
  });

  it('R-L1: blank and whitespace-only lines are skipped but still counted', () => {
    expect(items([utf8('\n{"a":1}\n   \n\t\r\n\r\n{"b":2}\n\n')])).toEqual([
      { line: 2, text: '{"a":1}' },
      { line: 6, text: '{"b":2}' },
    ]);
  });

  it('R-L1: a line keeps its inner and leading whitespace; only blank lines are dropped', () => {
    expect(items([utf8('  {"a": 1}  \n')])).toEqual([{ line: 1, text: '  {"a": 1}  ' }]);
  });

  it('R-L1: the last line is emitted without a final newline, and a final newline adds no line', () => {
    expect(items([utf8('{"a":1}\n{"b":2}')])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
    ]);
    expect(linesSeen([utf8('{"a":1}\n{"b":2}')])).toBe(2);
    expect(linesSeen([utf8('{"a":1}\n{"b":2}\n')])).toBe(2);
  });

  it('R-L1: empty input, or empty chunks, yield nothing and count no line', () => {
    expect([...splitLines([])]).toEqual([]);
    expect([...splitLines([new Uint8Array(0), '', new Uint8Array(0)])]).toEqual([]);
    expect(linesSeen([utf8('{"a":1}\n'), new Uint8Array(0)])).toBe(1);
  });

  it('R-L1: a line split across three chunks is emitted once with its number', () => {
    expect(items([utf8('{"a":1}\n{"lo'), utf8('ng":"li'), utf8('ne"}\n{"c":3}\n')])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"long":"line"}' },
      { line: 3, text: '{"c":3}' },
    ]);
  });

  it('R-L1: a multi-byte character split across chunks is decoded whole', () => {
    const bytes = utf8('{"pool":"€ 😀"}\n');
    // Every byte in its own chunk splits both the 3-byte € and the 4-byte emoji.
    expect(items(bySize(bytes, 1))).toEqual([{ line: 1, text: '{"pool":"€ 😀"}' }]);
    expect(items(bySize(bytes, 2))).toEqual([{ line: 1, text: '{"pool":"€ 😀"}' }]);
  });

  it('R-L1: a surrogate pair split across string chunks is joined again', () => {
    const text = '{"e":"😀"}';
    const at = text.indexOf('😀') + 1;
    expect(items([text.slice(0, at), text.slice(at)])).toEqual([{ line: 1, text }]);
  });

  it('R-L1: a partial line is copied, so a producer may reuse its buffer for the next chunk', () => {
    function* reusing(): Generator<Uint8Array> {
      const buffer = new Uint8Array(8);
      for (const part of ['{"a":1}\n', '{"b":', '2}\n{"c"', ':3}\n']) {
        buffer.fill(0x20);
        buffer.set(utf8(part));
        yield buffer.subarray(0, part.length);
      }
    }
    expect(items(reusing())).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '{"b":2}' },
      { line: 3, text: '{"c":3}' },
    ]);
  });

  it('R-L1: yields at most one batch per chunk, each holding the lines that chunk completed', () => {
    const batches = [...splitLines([utf8('{"a":1}\n{"b":2}\n{"c'), utf8('":3}\n'), utf8('{"d":4}')])];
    expect(batches).toEqual([
      [
        { line: 1, text: '{"a":1}' },
        { line: 2, text: '{"b":2}' },
      ],
      [{ line: 3, text: '{"c":3}' }],
      [{ line: 4, text: '{"d":4}' }],
    ]);
  });

  it('R-L2: a line that is not valid UTF-8 becomes a problem naming it, and its neighbours come through', () => {
    const bytes = concat(utf8('{"a":1}\n{"b":"'), Uint8Array.of(0xff), utf8('"}\n{"c":3}\n'));
    const expected = [
      { line: 1, text: '{"a":1}' },
      { line: 2, message: 'not valid UTF-8' },
      { line: 3, text: '{"c":3}' },
    ];
    expect(items([bytes])).toEqual(expected);
    for (const size of [1, 2, 3, 5, 8, 13]) expect(items(bySize(bytes, size))).toEqual(expected);
  });

  it('R-L2: several bad lines in one chunk are each named, and numbering stays exact after them', () => {
    const bytes = concat(
      Uint8Array.of(0xc3),
      utf8('\n{"a":1}\n\n'),
      Uint8Array.of(0xed, 0xa0, 0x80),
      utf8('\n{"b":"é"}\n'),
    );
    expect(items([bytes])).toEqual([
      { line: 1, message: 'not valid UTF-8' },
      { line: 2, text: '{"a":1}' },
      { line: 4, message: 'not valid UTF-8' },
      { line: 5, text: '{"b":"é"}' },
    ]);
  });

  it('R-L2: a multi-byte character cut short by the end of the file is a problem on the last line', () => {
    const bytes = concat(utf8('{"a":1}\n{"b":"'), Uint8Array.of(0xe2, 0x82));
    expect(items([bytes])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, message: 'not valid UTF-8' },
    ]);
  });

  it('R-L1: string chunks, and string and byte chunks mixed, split like bytes', () => {
    const text = '\uFEFF{"a":1}\r\n\n{"b":"é"}\n{"c":3}';
    const expected = items([utf8(text)]);
    expect(items([text])).toEqual(expected);
    expect(items(bySize(text, 3))).toEqual(expected);
    expect(items([text.slice(0, 12), utf8(text.slice(12, 18)), text.slice(18)])).toEqual(expected);
  });

  it('R-L1: every chunk size from 1 to 40 bytes gives the same lines as the whole input', () => {
    const bytes = concat(utf8('\uFEFF{"a":"€"}\r\n\n  \n{"b":"😀😀"}\n'), Uint8Array.of(0xf0, 0x9f), utf8('\n{"c":3}'));
    const whole = items([bytes]);
    expect(whole).toEqual([
      { line: 1, text: '{"a":"€"}' },
      { line: 4, text: '{"b":"😀😀"}' },
      { line: 5, message: 'not valid UTF-8' },
      { line: 6, text: '{"c":3}' },
    ]);
    for (let size = 1; size <= 40; size++) expect(items(bySize(bytes, size))).toEqual(whole);
  });

  it(`R-L1/R-L2: however the bytes are cut into chunks, the lines match a whole-input reading`, () => {
    fc.assert(
      fc.property(logBytes, fc.array(fc.nat(), { maxLength: 12 }), (bytes, offsets) => {
        const chunks = cut(bytes, offsets);
        const batches = [...splitLines(chunks)];
        expect(batches.flat()).toEqual(oracle(bytes));
        // One batch per chunk at most, plus one for a last line without a newline.
        expect(batches.length).toBeLessThanOrEqual(chunks.length + 1);
        expect(batches.every((batch) => batch.length > 0)).toBe(true);
      }),
    );
  });

  it(`R-L1: however a string is cut into chunks, the lines match its UTF-8 bytes`, () => {
    const text = fc.array(lineText, { maxLength: 10 }).map((lines) => lines.join('\n'));
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 8 }), (input, offsets) => {
        expect(items(cut(input, offsets))).toEqual(oracle(utf8(input)));
      }),
    );
  });
});

describe('splitLinesAsync', () => {
  it('R-L1: a line split across three chunks is emitted once with its number', async () => {
    expect(await itemsAsync([utf8('\uFEFF{"a":1}\r\n\n{"lo'), utf8('ng":"'), utf8('é"}\r\n{"c":3}')])).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"long":"é"}' },
      { line: 4, text: '{"c":3}' },
    ]);
  });

  it('R-L2: an invalid UTF-8 line is named while its neighbours come through', async () => {
    const bytes = concat(utf8('{"a":1}\n'), Uint8Array.of(0xc0, 0x80), utf8('\n{"c":3}\n'));
    expect(await itemsAsync(bySize(bytes, 4))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, message: 'not valid UTF-8' },
      { line: 3, text: '{"c":3}' },
    ]);
  });

  it(`R-L1/R-L2: gives exactly what splitLines gives, for any chunking`, async () => {
    await fc.assert(
      fc.asyncProperty(logBytes, fc.array(fc.nat(), { maxLength: 12 }), async (bytes, offsets) => {
        const chunks = cut(bytes, offsets);
        expect(await itemsAsync(chunks)).toEqual(items(chunks));
      }),
    );
  });

  it('reads one chunk ahead at most: a batch is yielded before the next chunk is pulled', async () => {
    let pulled = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      for (let i = 1; i <= 3; i++) {
        pulled++;
        yield utf8(`{"n":${i}}\n`);
      }
    }
    const seen: number[] = [];
    for await (const batch of splitLinesAsync(source())) seen.push(batch.length, pulled);
    expect(seen).toEqual([1, 1, 1, 2, 1, 3]);
  });

  it('returns the number of physical lines, so a reader can report a failure on the next one', async () => {
    async function* source(): AsyncGenerator<string> {
      yield '{"a":1}\n\n{"b"';
      yield ':2}\n\n';
    }
    const lines = splitLinesAsync(source());
    let step = await lines.next();
    while (step.done !== true) step = await lines.next();
    expect(step.value).toBe(4);
  });
});

describe('parseJsonLine', () => {
  it('R-L1: a JSON line parses to its value', () => {
    expect(parseJsonLine({ line: 1, text: '{"type":"key.issued","quantity":2}' })).toEqual({
      ok: true,
      value: { type: 'key.issued', quantity: 2 },
    });
  });

  it('R-L2: invalid JSON is a value with a message, not an exception', () => {
    const result = parseJsonLine({ line: 12, text: '{"a":1,}' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(/^not valid JSON: \S/);
  });

  it('R-L2: the message stays on one line even when the text holds a CR', () => {
    const result = parseJsonLine({ line: 3, text: '{"a":\r1,,}' });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).not.toMatch(/[\r\n]/);
  });

  it(`R-L2: no text makes it throw`, () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const result = parseJsonLine({ line: 1, text });
        if (result.ok) expect(result.value).toEqual(JSON.parse(text));
        else expect(result.message.startsWith('not valid JSON: ')).toBe(true);
      }),
    );
  });
});

describe('createLineSplitter', () => {
  const TOO_LONG = (max: number) =>
    `line too long: more than ${max} bytes (the limit is maxLineBytes, --max-line-bytes)`;

  test('R-L2 (F5): a line longer than the limit is one problem with its number, skipped to its end; the lines around it come through', () => {
    const max = 100;
    const input = utf8(`{"a":1}\n${'x'.repeat(101)}\n${'y'.repeat(100)}\r\n${'é'.repeat(51)}\n{"b":2}`);
    for (const size of [1, 7, 64, 1000]) {
      const got = [...splitLines(bySize(input, size), { maxLineBytes: max })].flat();
      expect(got).toEqual([
        { line: 1, text: '{"a":1}' },
        { line: 2, message: TOO_LONG(max) },
        { line: 3, text: 'y'.repeat(100) },
        { line: 4, message: TOO_LONG(max) }, // 51 × 2 bytes: counted in bytes, not characters
        { line: 5, text: '{"b":2}' },
      ]);
    }
    expect([...splitLines([`${'x'.repeat(101)}\n{"b":2}`], { maxLineBytes: max })].flat()).toEqual([
      { line: 1, message: TOO_LONG(max) },
      { line: 2, text: '{"b":2}' },
    ]);
  });

  test('R-L2 (F5): memory bounded by construction: a 64 MB line of zeros, fed in 64 KiB chunks, never holds more than the limit', () => {
    const splitter = createLineSplitter({ maxLineBytes: 1024 * 1024 });
    const zeros = new Uint8Array(64 * 1024);
    const out: SplitItem[] = [];
    for (let i = 0; i < 1024; i++) out.push(...splitter.push(zeros));
    out.push(...splitter.push(utf8('\n{"after":1}\n')), ...splitter.finish());
    expect(out).toEqual([
      { line: 1, message: TOO_LONG(1024 * 1024) },
      { line: 2, text: '{"after":1}' },
    ]);
    expect(splitter.peakRetained).toBeLessThanOrEqual(1024 * 1024 + 1);
    expect(splitter.peakRetained).toBeGreaterThan(512 * 1024);
    expect(DEFAULT_MAX_LINE_BYTES).toBe(1024 * 1024);
  });

  test('R-L1 (F5): NUL bytes are valid UTF-8: a line of them is a JSON problem, never "not valid UTF-8"', () => {
    const got = [...splitLines([new Uint8Array([0, 0, 0, 0x0a, 0x7b, 0x7d])])].flat();
    expect(got).toEqual([
      { line: 1, text: '\u0000\u0000\u0000' },
      { line: 2, text: '{}' },
    ]);
    const parsed = parseJsonLine(got[0] as { line: number; text: string });
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.message.startsWith('not valid JSON')).toBe(true);
  });

  test('a limit that is not a positive integer is a programming error', () => {
    expect(() => createLineSplitter({ maxLineBytes: 0 })).toThrow(RangeError);
    expect(() => createLineSplitter({ firstLine: 0 })).toThrow(RangeError);
    expect(() => createLineSplitter({ firstLine: 1.5 })).toThrow(RangeError);
  });

  test('R-L1: a part of a file that starts at firstLine is numbered from there, and only line 1 may carry a BOM', () => {
    const text = '\uFEFF{"a":1}\n\n{"b":2}\n';
    const fromStart = [...splitLines([utf8(text)])].flat();
    expect(fromStart).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 3, text: '{"b":2}' },
    ]);
    const splitter = createLineSplitter({ firstLine: 41 });
    expect([...splitter.push(utf8(text)), ...splitter.finish()]).toEqual([
      { line: 41, text: '\uFEFF{"a":1}' }, // mid-file, a BOM is a character of the line (a JSON problem later)
      { line: 43, text: '{"b":2}' },
    ]);
    expect(splitter.linesSeen).toBe(3);
  });
});

describe('parseJsonLine (hostile input)', () => {
  test('R-L2 (F1): a line nested 100 000 deep is a problem of its line, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(parseJsonLine({ line: 2, text: deep })).toEqual({
      ok: false,
      message: 'line: expected at most 16 levels of nesting, got more',
    });
  });

  test('R-L2: a duplicate key is a problem (JSON.parse alone keeps the last value silently)', () => {
    expect(parseJsonLine({ line: 1, text: '{"type":"RecoveryRun","id":"e1","id":"e2"}' })).toEqual({
      ok: false,
      message: 'id: expected each key once per object, got it twice',
    });
  });

  test('R-L2: the engine message, which quotes the line, is cut to 200 characters', () => {
    const parsed = parseJsonLine({ line: 1, text: `{"a":"${'x'.repeat(10_000)}` });
    expect(!parsed.ok && parsed.message.length).toBeLessThan(260);
  });
});
