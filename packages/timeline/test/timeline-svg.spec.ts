import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { DAY_MS, type Instant, instant, parseInstant } from '@license-ledger/core';
import { replayTimeline } from '../src/replay-timeline';
import type { PoolTimeline, Timeline, TimelineCounts } from '../src/timeline';
import { timelineSvg } from '../src/timeline-svg';
import { exampleEntries } from './support/log';
import { wellFormedXmlProblems } from '@license-ledger/testing';

const t = (iso: string): Instant => {
  const at = parseInstant(iso);
  if (at === undefined) throw new Error(`bad instant in test: ${iso}`);
  return at;
};

/** The y of every vertex of SVG path data made of M, L, H and V commands. */
const yOfVertices = (d: string): number[] => {
  const ys: number[] = [];
  let y = NaN;
  for (const [, command, args = ''] of d.matchAll(/([MLHV])([^MLHV]*)/g)) {
    const values = args.trim().split(/[ ,]+/).map(Number);
    if (command === 'M' || command === 'L') y = values[1] as number;
    else if (command === 'V') y = values[0] as number;
    ys.push(y);
  }
  return ys;
};

const acme = (): Timeline => {
  const result = replayTimeline({ to: t('2025-12-31T00:00:00Z') })(exampleEntries('acme-msp.ndjson'));
  if (E.isLeft(result)) throw new Error(result.left);
  return result.right.timeline;
};

const counts = (over: Partial<TimelineCounts>): TimelineCounts => ({
  applied: 0,
  expired: 0,
  partial: 0,
  pendingInstalls: 0,
  extended: 0,
  other: 0,
  unused: 0,
  used: 0,
  max: 0,
  ...over,
});

describe('timelineSvg', () => {
  it('the chart of the example log is well-formed XML with one panel per pool, in pool-id order', () => {
    const svg = timelineSvg(acme(), { asOf: t('2025-06-01T00:00:00Z') });
    expect(wellFormedXmlProblems(svg)).toEqual([]);
    const pools = [...svg.matchAll(/<g class="pool" data-pool="([^"]*)"/g)].map((m) => m[1]);
    expect(pools).toEqual(['acme-budr', 'acme-kav', 'acme-kes', 'globex-kam', 'globex-kes']);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" ')).toBe(true);
  });

  it('is the same bytes for the same timeline (R-L6), with a legend of the seven counts, Used and Max', () => {
    const a = timelineSvg(acme(), { asOf: t('2025-06-01T00:00:00Z') });
    expect(timelineSvg(acme(), { asOf: t('2025-06-01T00:00:00Z') })).toBe(a);
    for (const label of [
      'Applied',
      'Expired',
      'Partial',
      'Pending Installs',
      'Extended',
      'Other',
      'Unused',
      'Used',
      'Max',
    ])
      expect(a).toContain(`>${label}</text>`);
  });

  it("today's line is drawn only when an as-of instant is given and lies in the range", () => {
    expect(timelineSvg(acme(), { asOf: t('2025-06-01T00:00:00Z') })).toContain('as of 1 Jun 2025');
    expect(timelineSvg(acme())).not.toContain('class="as-of"');
    expect(timelineSvg(acme(), { asOf: t('2030-01-01T00:00:00Z') })).not.toContain('class="as-of"');
  });

  it('ids are user data: markup in a pool id or module is escaped and the SVG stays well-formed', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', minLength: 1 }), fc.string({ minLength: 1 }), (poolId, module) => {
        const pool: PoolTimeline = {
          poolId,
          module,
          steps: [{ at: t('2025-01-01T00:00:00Z'), counts: counts({ unused: 3, max: 3 }) }],
        };
        const svg = timelineSvg({ from: t('2025-01-01T00:00:00Z'), to: t('2025-02-01T00:00:00Z'), pools: [pool] });
        expect(wellFormedXmlProblems(svg)).toEqual([]);
      }),
    );
    const svg = timelineSvg({
      from: t('2025-01-01T00:00:00Z'),
      to: t('2025-02-01T00:00:00Z'),
      pools: [
        {
          poolId: '<script>alert(1)</script>',
          module: '"&',
          steps: [{ at: t('2025-01-01T00:00:00Z'), counts: counts({ unused: 1, max: 1 }) }],
        },
      ],
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; (&quot;&amp;)');
  });

  it('a one-day dip in ten years of daily changes still shows: the Used line reaches its low', () => {
    const from = t('2020-01-01T00:00:00Z');
    const steps = Array.from({ length: 3650 }, (_, day) => ({
      at: instant(from + day * DAY_MS),
      counts: counts({
        applied: day === 1800 ? 10 : 90 + (day % 2),
        unused: day === 1800 ? 90 : 10 - (day % 2),
        used: day === 1800 ? 10 : 90 + (day % 2),
        max: 100,
      }),
    }));
    const svg = timelineSvg({
      from,
      to: instant(from + 3650 * DAY_MS),
      pools: [{ poolId: 'p', module: 'KES', steps }],
    });
    const used = /<path class="used" d="([^"]*)"/.exec(svg)?.[1] ?? '';
    const ys = yOfVertices(used);
    // y grows downwards: the plot is 220 px high for 0..100 from y=94 (64 + 30) to y=314.
    expect(Math.max(...ys)).toBeCloseTo(314 - 0.1 * 220, 0);
    expect(Math.min(...ys)).toBeCloseTo(314 - 0.91 * 220, 0);
    // The path is the size of the chart's width, not of the 3 650 steps.
    expect(ys.length).toBeLessThan(4 * 2 * 900);
  });

  it('an empty timeline says no pool was purchased', () => {
    const svg = timelineSvg({ from: t('2025-01-01T00:00:00Z'), to: t('2025-01-01T00:00:00Z'), pools: [] });
    expect(wellFormedXmlProblems(svg)).toEqual([]);
    expect(svg).toContain('No pool was purchased by 1 Jan 2025.');
  });
});
