// Packs every workspace package with one `pnpm -r pack` (workspace: ranges become
// versions) into one directory; returns the tarballs by package name.
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, workspacePackages } from './packages.mjs';

export const PNPM = ['--yes', 'pnpm@10.34.8'];

export const packAll = (outDir) => {
  execFileSync('npx', [...PNPM, '-r', '--filter', './packages/*', 'pack', '--pack-destination', outDir], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  const files = readdirSync(outDir);
  const tarballs = new Map();
  for (const pkg of workspacePackages()) {
    const file = `${pkg.name.replace(/^@/, '').replace('/', '-')}-${pkg.manifest.version}.tgz`;
    if (!files.includes(file)) throw new Error(`${pkg.name}: pnpm pack wrote no ${file}`);
    tarballs.set(pkg.name, join(outDir, file));
  }
  return tarballs;
};
