// The 1M-event log through the built command, each run in a process of its own, against a
// baseline that only splits and JSON.parses the same file (issue 13's figures): wall and CPU
// time, ratios, events per second and peak RSS. Prints figures; asserts nothing.
// BENCH_CLI_EVENTS / BENCH_CLI_MACHINES set the log (default 1 000 000 events, 100 000 machines);
// BENCH_CLI_ROUNDS how many times each command runs (the median is reported); BENCH_CLI_WORKER=0 leaves out
// the `--worker off` rows (one thread; the default uses a second one); BENCH_CLI_COMPARE,
// the path of another built checkout, adds its validate and report --json (e.g. the code before a change).
import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLogFile } from './generate.mjs';

const EVENTS = Number(process.env.BENCH_CLI_EVENTS ?? 1_000_000);
const MACHINES = Number(process.env.BENCH_CLI_MACHINES ?? 100_000);
const ROUNDS = Number(process.env.BENCH_CLI_ROUNDS ?? 3);
const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const BIN = here('../packages/cli/dist/cjs/bin.js');
const file = join(tmpdir(), `license-ledger-bench-cli-${EVENTS}-${MACHINES}.ndjson`);

if (!existsSync(file)) {
  writeLogFile(file, { machines: MACHINES, events: EVENTS, seed: 7 });
}

/** One run of `script args` under measured.mjs: its wall and CPU seconds and peak RSS. */
const run = (script, args) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [here('./measured.mjs'), script, ...args], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (data) => (stderr += data));
    child.on('error', reject);
    child.on('exit', (code) => {
      const line = stderr.split('\n').find((l) => l.startsWith('BENCH '));
      if (line === undefined)
        reject(new Error(`${script} ${args.join(' ')} exited ${code}: ${stderr.trim().slice(-300)}`));
      else resolve({ code, ...JSON.parse(line.slice(6)) });
    });
  });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const commands = [
  ['split + JSON.parse (baseline)', here('./split-parse.mjs'), [file]],
  ['validate', BIN, ['validate', file]],
  ['report --json', BIN, ['report', file, '--json']],
];
// The same in one thread (no second core: no decoding worker for report, no second half for validate); BENCH_CLI_WORKER=0 skips them.
if (process.env.BENCH_CLI_WORKER !== '0') {
  commands.push(
    ['validate --worker off', BIN, ['validate', file, '--worker', 'off']],
    ['report --json --worker off', BIN, ['report', file, '--json', '--worker', 'off']],
  );
}
if (process.env.BENCH_CLI_COMPARE !== undefined) {
  const other = join(process.env.BENCH_CLI_COMPARE, 'packages/cli/dist/cjs/bin.js');
  commands.push(
    ['validate (compared checkout)', other, ['validate', file]],
    ['report --json (compared checkout)', other, ['report', file, '--json']],
  );
}
const runs = new Map(commands.map(([name]) => [name, []]));
const load = [loadavg()[0]];
// Interleaved rounds: each round runs every command once, so load changes hit all alike.
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, script, args] of commands) runs.get(name).push(await run(script, args));
  load.push(loadavg()[0]);
}

const bytes = statSync(file).size;
console.log(
  `license-ledger CLI bench: ${EVENTS.toLocaleString('en')} events, ${MACHINES.toLocaleString('en')} machines, ${(bytes / 1e6).toFixed(0)} MB, ${ROUNDS} interleaved rounds, node ${process.version}`,
);
console.log(
  `machine load (1-min average) during the runs: ${load.map((l) => l.toFixed(1)).join(' → ')} on ${(await import('node:os')).cpus().length} cores`,
);
const base = runs.get(commands[0][0]);
const baseWall = median(base.map((r) => r.seconds));
const baseCpu = median(base.map((r) => r.cpuSeconds));
for (const [name] of commands) {
  const rs = runs.get(name);
  const wall = median(rs.map((r) => r.seconds));
  const cpu = median(rs.map((r) => r.cpuSeconds));
  const peak = median(rs.map((r) => r.peakMB));
  // Ratios per round (same minutes), then their median.
  const wallRatio = median(rs.map((r, i) => r.seconds / base[i].seconds));
  const cpuRatio = median(rs.map((r, i) => r.cpuSeconds / base[i].cpuSeconds));
  console.log(
    `  ${name.padEnd(34)} ${wall.toFixed(2).padStart(7)} s (${wallRatio.toFixed(2)}× baseline)  CPU ${cpu.toFixed(2).padStart(7)} s (${cpuRatio.toFixed(2)}×)  ` +
      `${Math.round(EVENTS / wall)
        .toLocaleString('en')
        .padStart(
          9,
        )} events/s  peak RSS ${peak.toFixed(0).padStart(4)} MiB (${((peak * 1048576) / 1e6).toFixed(0)} MB)  exit ${rs.map((r) => r.code).join('/')}`,
  );
}
console.log(
  `  goals: report --json ≤ 1.5× (first milestone ≤ 3×), validate ≤ 1.2×, report peak RSS ≤ 300 MB; baseline ${baseWall.toFixed(2)} s wall, ${baseCpu.toFixed(2)} s CPU`,
);
console.log(`  (log: ${file}; delete it when done)`);
