// The workspace's publishable packages (every packages/* with a package.json), in
// dependency order: a package comes after every workspace package it depends on.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const ROOT = resolve(new URL('../..', import.meta.url).pathname);

/** @returns {{ dir: string, name: string, manifest: any }[]} */
export const workspacePackages = () => {
  const base = join(ROOT, 'packages');
  const all = readdirSync(base, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(base, entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(base, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      return { dir, name: manifest.name, manifest };
    })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const byName = new Map(all.map((pkg) => [pkg.name, pkg]));
  const ordered = [];
  const state = new Map();
  const visit = (pkg, path) => {
    if (state.get(pkg.name) === 'done') return;
    if (state.get(pkg.name) === 'visiting') throw new Error(`dependency cycle: ${[...path, pkg.name].join(' -> ')}`);
    state.set(pkg.name, 'visiting');
    const deps = { ...pkg.manifest.dependencies, ...pkg.manifest.peerDependencies, ...pkg.manifest.devDependencies };
    for (const dep of Object.keys(deps)) if (byName.has(dep)) visit(byName.get(dep), [...path, pkg.name]);
    state.set(pkg.name, 'done');
    ordered.push(pkg);
  };
  for (const pkg of all) visit(pkg, []);
  return ordered;
};
