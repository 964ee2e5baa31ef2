import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const CORE = path.join(ROOT, 'packages', 'core');
export const BUILT_WORKER = path.join(CORE, 'dist', 'cjs', 'node', 'decode-worker.js');

const newest = (dir: string): number =>
  fs.readdirSync(dir, { withFileTypes: true }).reduce((latest, entry) => {
    const full = path.join(dir, entry.name);
    return Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }, 0);

/** A worker runs built code (a worker thread does not go through jest's TypeScript transform): builds core when stale. */
export const ensureBuiltCore = (): void => {
  const built = path.join(CORE, 'dist', 'esm', 'node', 'decode-worker.js');
  if (
    !fs.existsSync(built) ||
    !fs.existsSync(BUILT_WORKER) ||
    fs.statSync(built).mtimeMs < newest(path.join(CORE, 'src'))
  ) {
    execFileSync(process.execPath, ['scripts/build.mjs', 'core'], { cwd: ROOT, stdio: 'pipe', timeout: 240_000 });
  }
};
