import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A temp directory for one spec file; `write` puts a file in it and returns its path. */
export const tempDir = (prefix: string) => {
  let dir = '';
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), `ledger-cli-${prefix}-`));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    path: (name: string): string => path.join(dir, name),
    write: (name: string, content: string | Uint8Array): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    },
  };
};

/** NDJSON text of the given lines (objects are stringified, strings kept as they are). */
export const ndjson = (lines: readonly (object | string)[]): string =>
  lines
    .map((line) => (typeof line === 'string' ? line : JSON.stringify(line)))
    .join('\n')
    .concat('\n');
