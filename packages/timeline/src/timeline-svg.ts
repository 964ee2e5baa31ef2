import type { Instant } from '@license-ledger/core';
import { calendarTicks, formatDay } from './calendar-ticks';
import { escapeMarkup } from './markup';
import type { PoolTimeline, Timeline, TimelineCounts } from './timeline';

/**
 * How to draw a timeline: `asOf` draws today's line; `width` in pixels (default 960).
 *
 * @since 0.1.0
 */
export interface SvgOptions {
  readonly asOf?: Instant | null;
  readonly width?: number;
}

/** The Install/Remove counts, stacked bottom to top; every license is in exactly one, so the stack's top is Max. */
const LAYERS: readonly { readonly key: keyof TimelineCounts; readonly label: string; readonly color: string }[] = [
  { key: 'applied', label: 'Applied', color: '#2e7d32' },
  { key: 'expired', label: 'Expired', color: '#9e9e9e' },
  { key: 'partial', label: 'Partial', color: '#f9a825' },
  { key: 'pendingInstalls', label: 'Pending Installs', color: '#1e88e5' },
  { key: 'extended', label: 'Extended', color: '#8e24aa' },
  { key: 'other', label: 'Other', color: '#e53935' },
  { key: 'unused', label: 'Unused', color: '#cfd8dc' },
];

const LEFT = 56;
const RIGHT = 24;
const HEADER = 64;
const PANEL = 300;
const PANEL_TOP = 30;
const PLOT = 220;

/** A coordinate as text: to a tenth of a pixel, no trailing zeros, so output is byte-stable. */
const num = (n: number): string => String(Math.round(n * 10) / 10);

/** A step function's outline as vertices (x, y pairs): flat to each change, then straight up or down. */
const stepVertices = (xs: readonly number[], ys: readonly number[], end: number): number[] => {
  const points: number[] = [];
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i] as number;
    points.push(xs[i] as number, y, i + 1 < xs.length ? (xs[i + 1] as number) : end, y);
  }
  return points;
};

/**
 * Vertices sharing a pixel column reduced to the first, lowest, highest and
 * last of them (in the order they come): the drawing is the same, and a long log
 * gives a path the size of the chart's width, not of its steps. A one-day dip
 * keeps its extremes, so it still shows.
 */
const reduce = (points: readonly number[]): number[] => {
  const out: number[] = [];
  let i = 0;
  while (i < points.length) {
    const column = Math.round(points[i] as number);
    let j = i;
    let lo = i;
    let hi = i;
    while (j < points.length && Math.round(points[j] as number) === column) {
      if ((points[j + 1] as number) < (points[lo + 1] as number)) lo = j;
      if ((points[j + 1] as number) > (points[hi + 1] as number)) hi = j;
      j += 2;
    }
    const last = j - 2;
    // Within one column only the order of heights matters: x is the column for all four.
    for (const k of [i, Math.min(lo, hi), Math.max(lo, hi), last]) {
      const x = j - i === 2 ? (points[k] as number) : column;
      const y = points[k + 1] as number;
      const n = out.length;
      if (n >= 2 && out[n - 2] === x && out[n - 1] === y) continue;
      out.push(x, y);
    }
    i = j;
  }
  return out;
};

/** Path data: `H` and `V` where a segment is flat or upright (most of a step outline), `L` otherwise. */
const pathOf = (points: readonly number[]): string => {
  let d = '';
  let px = '';
  let py = '';
  for (let i = 0; i < points.length; i += 2) {
    const x = num(points[i] as number);
    const y = num(points[i + 1] as number);
    if (i === 0) d += `M${x} ${y}`;
    else if (x === px && y === py) continue;
    else if (x === px) d += `V${y}`;
    else if (y === py) d += `H${x}`;
    else d += `L${x} ${y}`;
    px = x;
    py = y;
  }
  return d;
};

/** The reverse of a vertex list (x, y pairs kept together). */
const reversed = (points: readonly number[]): number[] => {
  const out: number[] = [];
  for (let i = points.length - 2; i >= 0; i -= 2) out.push(points[i] as number, points[i + 1] as number);
  return out;
};

/** A round step for about five gridlines up to `top`: 1, 2 or 5 times a power of ten. */
const gridStep = (top: number): number => {
  const rough = Math.max(1, top / 5);
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const m of [1, 2, 5, 10]) if (m * power >= rough) return m * power;
  return 10 * power;
};

const legend = (width: number, asOf: boolean): string => {
  let x = LEFT;
  const items: string[] = [];
  for (const layer of LAYERS) {
    items.push(
      `<rect x="${x}" y="38" width="12" height="12" fill="${layer.color}"/><text x="${x + 16}" y="48">${layer.label}</text>`,
    );
    x += 28 + layer.label.length * 7;
  }
  items.push(
    `<line x1="${num(x)}" y1="44" x2="${num(x + 18)}" y2="44" stroke="#212121" stroke-width="2"/><text x="${num(x + 22)}" y="48">Used</text>`,
  );
  x += 62;
  items.push(
    `<line x1="${num(x)}" y1="44" x2="${num(x + 18)}" y2="44" stroke="#000" stroke-dasharray="4 3"/><text x="${num(x + 22)}" y="48">Max</text>`,
  );
  x += 58;
  if (asOf && x + 80 < width)
    items.push(
      `<line x1="${num(x)}" y1="44" x2="${num(x + 18)}" y2="44" stroke="#c62828" stroke-dasharray="2 2" stroke-width="1.5"/><text x="${num(x + 22)}" y="48">as of</text>`,
    );
  return `<g class="legend">${items.join('')}</g>`;
};

const panel = (pool: PoolTimeline, timeline: Timeline, index: number, width: number, asOf: Instant | null): string => {
  const top = HEADER + index * PANEL;
  const plotTop = top + PANEL_TOP;
  const plotWidth = width - LEFT - RIGHT;
  const span = Math.max(1, timeline.to - timeline.from);
  const x = (t: number) => LEFT + ((t - timeline.from) / span) * plotWidth;
  let maxSeen = 1;
  for (const s of pool.steps) maxSeen = Math.max(maxSeen, s.counts.max, s.counts.used);
  const step = gridStep(maxSeen);
  const yTop = Math.ceil(maxSeen / step) * step;
  const y = (v: number) => plotTop + PLOT - (v / yTop) * PLOT;
  const parts: string[] = [];
  const last = pool.steps[pool.steps.length - 1]?.counts;
  const summary = last === undefined ? '' : ` — at ${formatDay(timeline.to)}: Used ${last.used} of Max ${last.max}`;
  parts.push(
    `<text x="${LEFT}" y="${top + 18}" font-size="14" font-weight="bold">${escapeMarkup(pool.poolId)} (${escapeMarkup(pool.module)})${escapeMarkup(summary)}</text>`,
  );
  // Gridlines and the count axis.
  for (let v = 0; v <= yTop; v += step) {
    parts.push(`<line x1="${LEFT}" y1="${num(y(v))}" x2="${width - RIGHT}" y2="${num(y(v))}" stroke="#eceff1"/>`);
    parts.push(`<text x="${LEFT - 6}" y="${num(y(v) + 4)}" text-anchor="end">${v}</text>`);
  }
  // The stacked counts: layer k lies between the sums of the layers below it and up to it.
  const xs = pool.steps.map((step) => x(step.at));
  const end = x(timeline.to);
  const sums = pool.steps.map(() => 0);
  const reducedBoundaries = [reduce(stepVertices(xs, sums.map(y), end))];
  for (const layer of LAYERS) {
    pool.steps.forEach((step, i) => {
      sums[i] = (sums[i] as number) + step.counts[layer.key];
    });
    reducedBoundaries.push(reduce(stepVertices(xs, sums.map(y), end)));
  }
  LAYERS.forEach((layer, k) => {
    const upper = reducedBoundaries[k + 1] as number[];
    const lower = reducedBoundaries[k] as number[];
    parts.push(
      `<path class="layer" data-count="${layer.key}" d="${pathOf([...upper, ...reversed(lower)])}Z" fill="${layer.color}"/>`,
    );
  });
  parts.push(
    `<path class="max" d="${pathOf(
      reduce(
        stepVertices(
          xs,
          pool.steps.map((step) => y(step.counts.max)),
          end,
        ),
      ),
    )}" fill="none" stroke="#000" stroke-dasharray="4 3"/>`,
  );
  parts.push(
    `<path class="used" d="${pathOf(
      reduce(
        stepVertices(
          xs,
          pool.steps.map((step) => y(step.counts.used)),
          end,
        ),
      ),
    )}" fill="none" stroke="#212121" stroke-width="2"/>`,
  );
  // The dated axis.
  const axisY = plotTop + PLOT;
  parts.push(`<line x1="${LEFT}" y1="${axisY}" x2="${width - RIGHT}" y2="${axisY}" stroke="#455a64"/>`);
  for (const tick of calendarTicks(timeline.from, timeline.to)) {
    const tx = num(x(tick.at));
    parts.push(
      `<line x1="${tx}" y1="${axisY}" x2="${tx}" y2="${axisY + 5}" stroke="#455a64"/><text x="${tx}" y="${axisY + 18}" text-anchor="middle">${escapeMarkup(tick.label)}</text>`,
    );
  }
  if (asOf !== null && asOf >= timeline.from && asOf <= timeline.to) {
    const ax = num(x(asOf));
    parts.push(
      `<line class="as-of" x1="${ax}" y1="${plotTop}" x2="${ax}" y2="${axisY}" stroke="#c62828" stroke-dasharray="2 2" stroke-width="1.5"/>`,
    );
    const right = x(asOf) > width - RIGHT - 140;
    parts.push(
      `<text x="${num(x(asOf) + (right ? -4 : 4))}" y="${plotTop + 10}" text-anchor="${right ? 'end' : 'start'}" fill="#c62828">as of ${escapeMarkup(formatDay(asOf))}</text>`,
    );
  }
  return `<g class="pool" data-pool="${escapeMarkup(pool.poolId)}">${parts.join('')}</g>`;
};

/**
 * A timeline as one SVG image: a chart per pool of its Install/Remove counts
 * stacked (Applied, Expired, Partial, Pending Installs, Extended, Other, Unused:
 * their top is Max), Used as a line against Max (dashed), a dated axis with
 * calendar ticks in UTC, a legend, and today's line when `asOf` is given.
 * Deterministic: the same timeline gives the same bytes, in any time zone.
 * Ids are escaped (they are user data).
 *
 * @since 0.1.0
 */
export const timelineSvg = (timeline: Timeline, options: SvgOptions = {}): string => {
  const width = Math.max(480, Math.round(options.width ?? 960));
  const asOf = options.asOf ?? null;
  const height = HEADER + Math.max(1, timeline.pools.length) * PANEL;
  const title = `License counts from ${formatDay(timeline.from)} to ${formatDay(timeline.to)}`;
  const body =
    timeline.pools.length === 0
      ? `<text x="${LEFT}" y="${HEADER + 40}">No pool was purchased by ${escapeMarkup(formatDay(timeline.to))}.</text>`
      : timeline.pools.map((pool, i) => panel(pool, timeline, i, width, asOf)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" font-family="sans-serif" font-size="12">`,
    `<title>${escapeMarkup(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="${LEFT}" y="22" font-size="16" font-weight="bold">${escapeMarkup(title)}</text>`,
    legend(width, asOf !== null),
    body,
    '</svg>',
    '',
  ].join('\n');
};
