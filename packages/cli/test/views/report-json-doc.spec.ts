/**
 * docs/report-json.md against real reports: every path of the JSON report of the
 * example logs and of the test scenario (keys, with [] for array items) is listed
 * in the doc with its type, and every listed path hangs under a listed parent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildReport } from '../../src/views/report-view';
import { ndjson } from '../support/files';
import { replayText } from '../support/replay';
import { SCENARIO } from '../support/scenario';

const ROOT = join(__dirname, '..', '..', '..', '..');
const documented = new Map(
  [...readFileSync(join(ROOT, 'docs', 'report-json.md'), 'utf8').matchAll(/^\| `([A-Za-z.[\]]+)` \| ([^|]+) \|/gm)].map(
    ([, path, type]) => [path as string, (type as string).trim()],
  ),
);

const typeOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

const pathsOf = (value: unknown, path: string, out: Map<string, Set<string>>): Map<string, Set<string>> => {
  if (path !== '') out.set(path, (out.get(path) ?? new Set()).add(typeOf(value)));
  if (Array.isArray(value)) for (const item of value) pathsOf(item, `${path}[]`, out);
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) pathsOf(item, path === '' ? key : `${path}.${key}`, out);
  return out;
};

describe('docs/report-json.md', () => {
  test('lists every path of the JSON report of the examples and the scenario, with a type that fits', async () => {
    const reports = await Promise.all([
      replayText(ndjson(SCENARIO)),
      replayText(readFileSync(join(ROOT, 'examples', 'acme-msp.ndjson'), 'utf8')),
      replayText(readFileSync(join(ROOT, 'examples', 'quickstart.ndjson'), 'utf8')),
    ]);
    const seen = new Map<string, Set<string>>();
    for (const replayed of reports) pathsOf(JSON.parse(JSON.stringify(buildReport(replayed))), '', seen);
    for (const [path, types] of seen) {
      const doc = documented.get(path);
      expect({ path, documented: doc !== undefined }).toEqual({ path, documented: true });
      for (const type of types)
        expect({ path, type, fits: doc?.includes(type) ?? false }).toEqual({ path, type, fits: true });
    }
  });

  test('every listed path hangs under a listed object or array', () => {
    for (const path of documented.keys()) {
      const parent = path.replace(/(\[\]|\.[A-Za-z]+)$/, '');
      if (parent !== path) expect({ path, parentListed: documented.has(parent) }).toEqual({ path, parentListed: true });
    }
  });
});
