// Packs every workspace package with `pnpm pack` (workspace: ranges become versions)
// into one directory; returns the tarballs by package name.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { workspacePackages } from './packages.mjs';

export const PNPM = ['--yes', 'pnpm@10.34.8'];

export const packAll = (outDir) => {
  const tarballs = new Map();
  for (const pkg of workspacePackages()) {
    const before = new Set(readdirSync(outDir));
    execFileSync('npx', [...PNPM, 'pack', '--pack-destination', outDir], { cwd: pkg.dir, stdio: 'pipe' });
    const added = readdirSync(outDir).filter((file) => !before.has(file) && file.endsWith('.tgz'));
    if (added.length !== 1) throw new Error(`${pkg.name}: pnpm pack wrote ${added.length} tarballs`);
    tarballs.set(pkg.name, join(outDir, added[0]));
  }
  return tarballs;
};
