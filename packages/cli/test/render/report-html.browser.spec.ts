/**
 * The HTML page in a real browser: Debian's chromium (installed by
 * scripts/ensure-chromium.sh, which .ci/run calls), driven by playwright-core,
 * which never downloads a browser. A screenshot is written for CI to keep.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { parseInstant } from '@license-ledger/core';
import { runReport } from '../../src/commands/report';
import { tempDir } from '../support/files';
import { memoryIo } from '../support/io';

/** What the page functions read of an element (the DOM's own types are not in this project's lib). */
interface PageElement {
  getAttribute(name: string): string | null;
  readonly textContent: string | null;
  querySelectorAll(selector: string): { readonly length: number };
  getClientRects(): { readonly length: number };
}

const CHROMIUM = '/usr/bin/chromium';
const ACME = path.resolve(__dirname, '../../../../examples/acme-msp.ndjson');
const ARTIFACTS = process.env['LEDGER_ARTIFACTS'] ?? path.join(os.tmpdir(), 'license-ledger-artifacts');
const files = tempDir('browser');

interface ReportJson {
  readonly pools: readonly {
    readonly poolId: string;
    readonly installRemove: Readonly<Record<string, number>>;
    readonly licenseManager: {
      readonly used: number;
      readonly max: number;
      readonly groups: readonly { groupId: string; machines: number }[];
    };
  }[];
  readonly problems: readonly unknown[];
}

describe('renderReportHtml in headless Chromium', () => {
  test("the page opens with no console error and no request leaving the file; the counts in its DOM are the report's; a screenshot is kept", async () => {
    if (!fs.existsSync(CHROMIUM))
      throw new Error(`${CHROMIUM} is missing: run scripts/ensure-chromium.sh as root (bash .ci/run does)`);
    const html = files.path('acme.html');
    const io = memoryIo();
    expect(
      await runReport(
        { log: ACME, asOf: parseInstant('2025-06-01T00:00:00Z') ?? null, json: true, strict: false, html },
        io.io,
      ),
    ).toBe(1);
    const report = JSON.parse(io.out()) as ReportJson;

    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ledger-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
      viewport: { width: 1100, height: 900 },
    });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      const requests: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('request', (request) => requests.push(request.url()));
      const url = pathToFileURL(html).href;
      await page.goto(url, { waitUntil: 'load' });

      fs.mkdirSync(ARTIFACTS, { recursive: true });
      const shot = path.join(ARTIFACTS, 'report-html.png');
      await page.screenshot({ path: shot, fullPage: true });
      expect(fs.statSync(shot).size).toBeGreaterThan(10_000);

      expect(errors).toEqual([]);
      expect(requests).toEqual([url]);

      const fromDom = await page.$$eval('a.count[data-count]', (links: PageElement[]) =>
        links.map((a) => [a.getAttribute('data-pool'), a.getAttribute('data-count'), Number(a.textContent)]),
      );
      const expected = report.pools.flatMap((pool) => [
        ...Object.entries(pool.installRemove).map(([count, n]) => [pool.poolId, count, n]),
        [pool.poolId, 'used', pool.licenseManager.used],
      ]);
      expect([...fromDom].sort()).toEqual([...expected].sort());
      const maxes = await page.$$eval('td[data-count="max"]', (cells: PageElement[]) =>
        cells.map((c) => [c.getAttribute('data-pool'), Number(c.textContent)]),
      );
      expect(maxes).toEqual(report.pools.map((pool) => [pool.poolId, pool.licenseManager.max]));
      expect(await page.$$eval('#problem-table tr', (rows: PageElement[]) => rows.length - 1)).toBe(
        report.problems.length,
      );
      expect(
        await page.$$eval('svg g.pool', (charts: PageElement[]) => charts.map((g) => g.getAttribute('data-pool'))),
      ).toEqual(report.pools.map((p) => p.poolId));

      // A count leads to its list: following the link opens it, with that many ids.
      const kes = report.pools.find((pool) => pool.poolId === 'acme-kes');
      await page.click('a.count[data-pool="acme-kes"][data-count="expired"]');
      const target = await page.$eval(':target', (list: PageElement) => ({
        items: list.querySelectorAll('li').length,
        visible: list.getClientRects().length > 0,
      }));
      expect(target).toEqual({ items: kes?.installRemove['expired'], visible: true });
    } finally {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }, 90_000);
});
