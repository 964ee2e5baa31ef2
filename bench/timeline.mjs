// pnpm bench (second part): the cost of `timeline` against `report` on the same log,
// both run through the built command, alternately, in the same minutes. Prints wall
// times and their ratio (goal: timeline ≤ 1.3× report, docs/performance.md); asserts nothing.
import { closeSync, existsSync, openSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateLines } from './generate.mjs';

const EVENTS = Number(process.env.BENCH_TIMELINE_EVENTS ?? 1_000_000);
const ROUNDS = Number(process.env.BENCH_TIMELINE_ROUNDS ?? 2);
const BIN = fileURLToPath(new URL('../packages/cli/dist/cjs/bin.js', import.meta.url));
const options = { machines: 100_000, events: EVENTS, seed: 7 };
const file = join(tmpdir(), `license-ledger-timeline-bench-${EVENTS}.ndjson`);
const svg = join(tmpdir(), `license-ledger-timeline-bench-${process.pid}.svg`);

if (!existsSync(file)) {
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  let chunk = '';
  for (const line of generateLines(options)) {
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(partial, file);
}

const run = (args) => {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(`license-ledger ${args[0]} exited ${result.status}: ${result.stderr}`);
  // Both read the whole log: the report says how many lines it read, the chart must exist.
  if (args[0] === 'report' && JSON.parse(result.stdout).events.read + JSON.parse(result.stdout).events.decodeErrors < EVENTS * 0.9) throw new Error('report read too few events');
  if (args[0] === 'timeline' && !existsSync(svg)) throw new Error(`timeline wrote no chart: ${result.stderr}`);
  return seconds;
};

console.log(`\ntimeline against report: ${EVENTS.toLocaleString('en')} events, 100,000 machines (${file})`);
const report = [];
const timeline = [];
for (let round = 0; round < ROUNDS; round++) {
  report.push(run(['report', file, '--json']));
  timeline.push(run(['timeline', file, '--out', svg]));
  console.log(`  round ${round + 1}: report --json ${report[round].toFixed(1)} s, timeline --out ${timeline[round].toFixed(1)} s (${(timeline[round] / report[round]).toFixed(2)}×; chart ${(statSync(svg).size / 1e6).toFixed(1)} MB)`);
}
const best = (xs) => Math.min(...xs);
console.log(`  best of ${ROUNDS}: report ${best(report).toFixed(1)} s, timeline ${best(timeline).toFixed(1)} s: ${(best(timeline) / best(report)).toFixed(2)}×   (goal ≤ 1.3×)`);
rmSync(svg, { force: true });
