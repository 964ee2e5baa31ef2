// pnpm bench:memory: a log of several GB through the built `license-ledger` command, with the
// peak memory of `report` against the same log merely decoded (`validate`, no ledger): the baseline.
// Prints figures and ratios; asserts nothing. MEMORY_BENCH_GB sets the size (default 2).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeLogFile } from './generate.mjs';

const GB = Number(process.env.MEMORY_BENCH_GB ?? 2);
const MACHINES = 20_000;
const YEARS = 10;
const BIN = fileURLToPath(new URL('../packages/cli/dist/cjs/bin.js', import.meta.url));
// Measured on this generator: ~117 bytes per line.
const EVENTS = Math.round((GB * 1e9) / 117);
const file = join(tmpdir(), `license-ledger-bench-${EVENTS}.ndjson`);

const options = { machines: MACHINES, events: EVENTS, pools: 50, seed: 11, years: YEARS, renewYearly: true };

function writeLog() {
  writeLogFile(file, options);
}

/** Peak resident memory (VmHWM, Linux; `peakMB` in MiB, as printed) and wall time of one run of the command. */
function run(args) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let peakKb = 0;
    let stderr = '';
    const poll = setInterval(() => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // The process has just ended, or this is not Linux.
      }
    }, 100);
    child.stderr.on('data', (data) => (stderr += data));
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(poll);
      resolve({
        code,
        seconds: Number(process.hrtime.bigint() - started) / 1e9,
        peakMB: peakKb / 1024,
        stderr: stderr.trim().split('\n').slice(-1)[0] ?? '',
      });
    });
  });
}

if (!existsSync(BIN)) {
  console.error('build first: pnpm build');
  process.exit(2);
}
if (!existsSync(file)) {
  const started = Date.now();
  console.log(
    `writing ${EVENTS.toLocaleString('en')} events (${MACHINES.toLocaleString('en')} machines, ${YEARS} years) to ${file} …`,
  );
  writeLog();
  console.log(`  written in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}
const bytes = statSync(file).size;
console.log(
  `license-ledger memory bench: ${(bytes / 1e9).toFixed(2)} GB, ${EVENTS.toLocaleString('en')} events, node ${process.version}, ` +
    `load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
);
const validate = await run(['validate', file]);
const report = await run(['report', file, '--json']);
for (const [name, r] of [
  ['validate (decode only, baseline)', validate],
  ['report --json (full replay)', report],
]) {
  console.log(
    `  ${name.padEnd(34)} ${r.seconds.toFixed(0).padStart(5)} s  ${((r.seconds * 1e6) / EVENTS).toFixed(1).padStart(5)} µs/event  peak RSS ${r.peakMB.toFixed(0).padStart(6)} MiB (${((r.peakMB * 1048576) / 1e9).toFixed(3)} GB)  exit ${r.code}`,
  );
}
console.log(
  `  report peak RSS ÷ file size ${(report.peakMB / (bytes / 1048576)).toFixed(3)}; above the baseline ${(((report.peakMB - validate.peakMB) * 1048576) / EVENTS).toFixed(0)} B/event`,
);
if (report.code !== 0 && report.code !== 1) console.log(`  report failed: ${report.stderr}`);
console.log(
  `  load average at the end ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
