// CI step: the README's main-job command, exactly as written, in a fresh clone of this
// repository's HEAD, through a non-interactive shell with no standard input (as on a
// new machine or in CI). The README's second command is what .ci/run runs, so it is
// not run again here.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/packages.mjs';
import { snippet } from './lib/snippets.mjs';

const commands = snippet('README.md', 'readme-commands')
  .split('\n')
  .map((line) => line.trim())
  .filter((line) => line !== '' && !line.startsWith('#'));
const main = commands.find((line) => / demo$/.test(line));
if (main === undefined) throw new Error('README.md: no demo command in the marked block');

const started = Date.now();
const clone = mkdtempSync(join(tmpdir(), 'ledger-clone-'));
try {
  const cloned = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', ROOT, clone], { encoding: 'utf8' });
  if (cloned.status !== 0) throw new Error(`git clone failed: ${cloned.stderr}`);
  const run = spawnSync('bash', ['-c', main], {
    cwd: clone,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CI: '' },
    timeout: 540_000,
  });
  const out = `${run.stdout}${run.stderr}`;
  if (run.status !== 0) throw new Error(`\`${main}\` exited ${run.status ?? run.signal}:\n${out.slice(-3000)}`);
  if (!/Install\/Remove popup/.test(run.stdout)) throw new Error(`\`${main}\` printed no report:\n${out.slice(-3000)}`);
  console.log(`ok   README: \`${main}\` in a fresh clone, no stdin (${((Date.now() - started) / 1000).toFixed(0)} s)`);
} catch (error) {
  console.log(`FAIL README: ${error.message}`);
  process.exitCode = 1;
} finally {
  rmSync(clone, { recursive: true, force: true });
}
