import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { checkRange, type DecodeProblem, newlinesBefore } from '../../src/node/check-range';

let dir: string;
let files = 0;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-check-range-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const write = (content: string): string => {
  const file = path.join(dir, `log-${(files += 1)}.ndjson`);
  fs.writeFileSync(file, content);
  return file;
};

const GOOD = '{"type":"RecoveryRun","id":"e1","at":"2025-01-01T00:00:00Z"}';
const BAD = '{"type":"Nope"}';

const run = async (file: string, range: { start: number; end?: number; firstLine: number }, chunkBytes = 16) => {
  const problems: DecodeProblem[] = [];
  let last = { lines: 0, bytes: 0 };
  for await (const part of checkRange(file, range, chunkBytes, {})) {
    problems.push(...part.problems);
    last = part;
  }
  return { problems, lines: last.lines, bytes: last.bytes };
};

describe('newlinesBefore', () => {
  test('counts the newlines in the first bytes of a file, in chunks of any size', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: fc.constantFrom('a', '\n', 'é') }),
        fc.integer({ min: 1, max: 9 }),
        async (text, chunk) => {
          const file = write(text);
          const bytes = Buffer.from(text);
          for (const end of [0, Math.floor(bytes.length / 2), bytes.length]) {
            const expected = [...bytes.subarray(0, end)].filter((b) => b === 0x0a).length;
            expect(await newlinesBefore(file, end, chunk)).toBe(expected);
          }
        },
      ),
    );
  });
});

describe('checkRange', () => {
  test('R-L2: checks only its bytes, numbers lines from firstLine, and gives only the problems', async () => {
    const lines = [GOOD, BAD, GOOD, '', BAD, GOOD];
    const file = write(lines.join('\n'));
    const second = Buffer.byteLength(`${lines.slice(0, 3).join('\n')}\n`);
    expect(await run(file, { start: 0, end: second, firstLine: 1 })).toEqual({
      problems: [{ line: 2, problem: expect.any(String) as string, eventId: null }],
      lines: 3,
      bytes: second,
    });
    const rest = await run(file, { start: second, firstLine: 4 });
    expect(rest.problems.map((problem) => problem.line)).toEqual([5]);
    expect(rest.lines).toBe(2); // the blank line 4 is counted in numbering, not read as a line
    expect(rest.bytes).toBe(fs.statSync(file).size - second);
  });
});
