// Fails on an import cycle between source modules, a package importing its own name,
// or a test reaching into another package's folders (its test/ or src/) by a relative path.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const packagesDir = join(root, 'packages');
const problems = [];
const graph = new Map();

const walk = (dir) =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') ? [path] : [];
  });

const resolveModule = (from, spec) => {
  const base = resolve(dirname(from), spec);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this candidate
    }
  }
  return null;
};

for (const pkg of readdirSync(packagesDir)) {
  const src = join(packagesDir, pkg, 'src');
  let files = [];
  try {
    files = walk(src);
  } catch {
    continue;
  }
  for (const file of files) {
    // Comments hold runnable @example imports of the package itself; they are not code.
    const text = readFileSync(file, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    const edges = [];
    for (const match of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
      const spec = match[1];
      if (spec === `@license-ledger/${pkg}` || spec.startsWith(`@license-ledger/${pkg}/`)) {
        problems.push(`${relative(root, file)} imports its own package ${spec}`);
      }
      // Type-only imports cannot cycle at run time, but keep the graph clean anyway.
      if (spec.startsWith('.')) {
        const target = resolveModule(file, spec);
        if (target !== null) edges.push(target);
      }
    }
    graph.set(file, edges);
  }
}

// Tests use other packages through their public names (@license-ledger/…), never their files.
for (const pkg of readdirSync(packagesDir)) {
  const pkgDir = join(packagesDir, pkg);
  let files = [];
  try {
    files = walk(join(pkgDir, 'test'));
  } catch {
    continue;
  }
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const specs = [
      ...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/g),
      ...text.matchAll(/(?:import|require|jest\.mock|jest\.requireActual)\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1]);
    for (const spec of specs) {
      if (!spec.startsWith('.')) continue;
      const target = resolve(dirname(file), spec);
      if (!target.startsWith(pkgDir + '/'))
        problems.push(`${relative(root, file)} imports ${spec}, a file of another package: use its package name`);
    }
  }
}

const state = new Map();
const stack = [];
const visit = (node) => {
  state.set(node, 'open');
  stack.push(node);
  for (const next of graph.get(node) ?? []) {
    if (state.get(next) === 'open') {
      const cycle = stack
        .slice(stack.indexOf(next))
        .concat(next)
        .map((f) => relative(root, f));
      problems.push(`import cycle: ${cycle.join(' -> ')}`);
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(node, 'done');
};
for (const node of graph.keys()) if (!state.has(node)) visit(node);

if (problems.length > 0) {
  for (const p of problems) console.error(p);
  process.exit(1);
}
console.log(`imports: ${graph.size} modules, no cycles`);
