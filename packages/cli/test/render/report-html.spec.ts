import * as fs from 'node:fs';
import * as path from 'node:path';
import { runReport } from '../../src/commands/report';
import { ndjson, tempDir } from '../support/files';
import { memoryIo } from '../support/io';

const files = tempDir('report-html');
const ACME = path.resolve(__dirname, '../../../../examples/acme-msp.ndjson');

const page = async (log: string, asOf: string | null = null): Promise<{ code: number; html: string; out: string }> => {
  const out = files.path(`${path.basename(log)}.html`);
  const io = memoryIo();
  const code = await runReport(
    { log, asOf: asOf === null ? null : (Date.parse(asOf) as never), json: true, strict: false, html: out },
    io.io,
  );
  return { code, html: fs.readFileSync(out, 'utf8'), out: io.out() };
};

/** Every `<a class="count" …>N</a>` with the list it links to. */
const links = (html: string) =>
  [
    ...html.matchAll(/<a class="count" href="#([^"]+)" data-pool="([^"]*)" data-(count|group)="([^"]*)">(\d+)<\/a>/g),
  ].map((m) => {
    const [, target = '', , , , n = ''] = m;
    const list = new RegExp(`<(ol|p) class="(?:ids|explanation)" id="${target}"[^>]*>(.*?)</\\1>`).exec(html);
    return {
      target,
      n: Number(n),
      listed: list === null ? null : list[1] === 'p' ? 0 : (list[2]?.match(/<li>/g) ?? []).length,
    };
  });

describe('renderReportHtml', () => {
  test('one self-contained page: no script, no external resource (no src, no http link), the chart inline', async () => {
    const { html } = await page(ACME, '2025-06-01T00:00:00Z');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/i);
    expect(html).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    expect(html).toContain('As of <time datetime="2025-06-01T00:00:00Z">1 Jun 2025</time>');
  });

  test('every count links to the ids behind it, and the list holds exactly that many ids', async () => {
    const { html, out } = await page(ACME, '2025-06-01T00:00:00Z');
    const report = JSON.parse(out) as {
      pools: { installRemove: Record<string, number>; licenseManager: { used: number; groups: unknown[] } }[];
    };
    const found = links(html);
    const expected = report.pools.reduce(
      (n, p) => n + Object.keys(p.installRemove).length + 1 + p.licenseManager.groups.length,
      0,
    );
    expect(found).toHaveLength(expected);
    for (const link of found)
      expect({ target: link.target, listed: link.listed }).toEqual({ target: link.target, listed: link.n });
  });

  test('the problems are listed with their lines', async () => {
    const { html, out } = await page(ACME);
    const problems = (JSON.parse(out) as { problems: { line: number | null }[] }).problems;
    const rows = [...html.matchAll(/<tr><td class="n">(\d+|—)<\/td>/g)].map((m) => m[1]);
    expect(rows).toEqual(problems.map((p) => (p.line === null ? '—' : String(p.line))));
  });

  test('ids are user data: markup in them is escaped everywhere on the page', async () => {
    const evil = '<img src=x onerror=alert(1)>';
    const log = files.write(
      'evil.ndjson',
      ndjson([
        { type: 'LicensePurchased', id: 'e1', at: '2025-01-01T00:00:00Z', poolId: evil, module: 'KES', quantity: 2 },
        {
          type: 'LicensePurchased',
          id: 'e0',
          at: '2025-01-01T00:00:00Z',
          poolId: 'seats',
          module: '<b>KAV</b>',
          quantity: 1,
        },
        {
          type: 'KesInstalled',
          id: 'e2',
          at: '2025-01-02T00:00:00Z',
          poolId: evil,
          machineId: '"><script>x</script>',
          groupId: "g'&",
        },
        { type: 'Uninstalled', id: '<e3>', at: '2025-01-03T00:00:00Z', poolId: evil, machineId: 'nobody</td>' },
      ]),
    );
    const { code, html } = await page(log);
    expect(code).toBe(1);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<b>KAV');
    expect(html).not.toContain('nobody</td>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('g&#39;&amp;');
  });

  test('--html - writes the page alone on stdout', async () => {
    const io = memoryIo();
    expect(await runReport({ log: ACME, asOf: null, json: true, strict: false, html: '-' }, io.io)).toBe(1);
    expect(io.out().startsWith('<!DOCTYPE html>')).toBe(true);
    expect(io.out()).not.toContain('"skippedDuplicates"');
  });

  test('a page that cannot be written is bad usage (exit 2), one line', async () => {
    const io = memoryIo();
    const target = files.path('no/such/dir/r.html');
    const code = await runReport({ log: ACME, asOf: null, json: false, strict: false, html: target }, io.io);
    expect(code).toBe(2);
    expect(io.err()).toBe(`license-ledger: cannot write ${target}: no such folder\n`);
  });
});
