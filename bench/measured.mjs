// Runs one command in this process and, when the process ends, writes what it cost to
// stderr as one JSON line: `node bench/measured.mjs <script> [args…]`. Used by cli.mjs to
// measure each command in a process of its own (peak RSS from the kernel, CPU time).
import { writeSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

const started = process.hrtime.bigint();
const [script, ...args] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...args];
process.on('exit', () => {
  const usage = process.resourceUsage();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  writeSync(
    2,
    `\nBENCH ${JSON.stringify({ seconds, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakMB: usage.maxRSS / 1024 })}\n`,
  );
});
await import(pathToFileURL(script).href);
