// pnpm bench (second part): the cost of `timeline` against `report` on the same log,
// both run through the built command, alternately, in the same minutes. Prints wall
// times and their ratio (goal: timeline ≤ 1.3× report, docs/performance.md); asserts nothing.
import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLogFile } from './generate.mjs';

const EVENTS = Number(process.env.BENCH_TIMELINE_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_TIMELINE_ROUNDS ?? 2);
const BIN = fileURLToPath(new URL('../packages/cli/dist/cjs/bin.js', import.meta.url));
const options = { machines: 100_000, events: EVENTS, seed: 7 };
const file = join(tmpdir(), `license-ledger-timeline-bench-${EVENTS}.ndjson`);
const svg = join(tmpdir(), `license-ledger-timeline-bench-${process.pid}.svg`);

if (!existsSync(file)) {
  writeLogFile(file, options);
}

/** Minutes and seconds as bash's `times` prints them (`1m2.345s`), in seconds. */
const seconds = (text) => {
  const match = /(\d+)m([\d.]+)s/.exec(text);
  return match === null ? NaN : Number(match[1]) * 60 + Number(match[2]);
};

/**
 * Wall time and CPU time (user + system, from bash's `times`) of one run of the command.
 * CPU time is the steadier figure on a machine shared with other jobs.
 */
const run = (args) => {
  const started = process.hrtime.bigint();
  const out = join(tmpdir(), `license-ledger-timeline-bench-${process.pid}.out`);
  const result = spawnSync(
    'bash',
    ['-c', '"$0" "$@" > "$OUT"; status=$?; times >&2; exit $status', process.execPath, BIN, ...args],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
      encoding: 'utf8',
      env: { ...process.env, OUT: out },
    },
  );
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1)
    throw new Error(`license-ledger ${args[0]} exited ${result.status}: ${result.stderr}`);
  // Both read the whole log: the report says how many lines it read, the chart must exist.
  if (args[0] === 'report') {
    const { events } = JSON.parse(readFileSync(out, 'utf8'));
    if (events.read + events.decodeErrors < EVENTS * 0.9) throw new Error('report read too few events');
  }
  if (args[0] === 'timeline' && !existsSync(svg)) throw new Error(`timeline wrote no chart: ${result.stderr}`);
  rmSync(out, { force: true });
  // `times` prints the shell's own times, then its children's: user and system.
  const children = result.stderr.trim().split('\n').at(-1) ?? '';
  const [user, system] = children.split(/\s+/).map(seconds);
  return { wall, cpu: user + system };
};

console.log(`\ntimeline against report: ${EVENTS.toLocaleString('en')} events, 100,000 machines (${file})`);
const report = [];
const timeline = [];
const ratio = (a, b) => (a / b).toFixed(2);
for (let round = 0; round < ROUNDS; round++) {
  const r = run(['report', file, '--json']);
  const t = run(['timeline', file, '--out', svg]);
  report.push(r);
  timeline.push(t);
  console.log(
    `  round ${round + 1}: report --json ${r.wall.toFixed(1)} s wall, ${r.cpu.toFixed(1)} s CPU; timeline --out ${t.wall.toFixed(1)} s wall, ${t.cpu.toFixed(1)} s CPU` +
      `  (${ratio(t.wall, r.wall)}× wall, ${ratio(t.cpu, r.cpu)}× CPU; chart ${(statSync(svg).size / 1e6).toFixed(1)} MB)`,
  );
}
const best = (runs, key) => Math.min(...runs.map((x) => x[key]));
console.log(
  `  best of ${ROUNDS}: timeline / report = ${ratio(best(timeline, 'wall'), best(report, 'wall'))}× wall, ${ratio(best(timeline, 'cpu'), best(report, 'cpu'))}× CPU   (goal ≤ 1.3×)`,
);
rmSync(svg, { force: true });
