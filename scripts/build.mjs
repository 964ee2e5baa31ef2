// pnpm build: every packages/* twice with tsc, in dependency order:
//   dist/cjs  CommonJS (module node16 in a "type": "commonjs" scope) with .d.ts
//   dist/esm  ES modules (module esnext) with .d.ts, in a "type": "module" scope
// tsc leaves extensionless specifiers ('./args', 'fp-ts/function'), which Node's ESM
// loader refuses; fullySpecify rewrites them in dist/esm (.js and .d.ts alike) to the
// file Node would load ('./args.js', './views/index.js', 'fp-ts/lib/function.js').
// No build info is written, so none can end up in a tarball.
// `node scripts/build.mjs core cli` builds only those packages (dependencies first built).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { ROOT, workspacePackages } from './lib/packages.mjs';

const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
const only = process.argv.slice(2);

const run = (args) => execFileSync(process.execPath, [tsc, ...args], { cwd: ROOT, stdio: 'inherit' });

const filesUnder = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );

const SPECIFIER = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)(['"])([^'"\n]+)\2/g;

/** The specifier Node's ESM loader needs for `spec` written in `file` of package `pkgDir`. */
const fullSpecifier = (spec, file, pkgDir) => {
  const isDts = file.endsWith('.d.ts');
  if (spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../')) {
    if (/\.(m?js|json)$/.test(spec)) return spec;
    const target = resolve(dirname(file), spec);
    const ext = isDts ? '.d.ts' : '.js';
    if (spec !== '.' && spec !== '..' && existsSync(target + ext)) return `${spec}.js`;
    if (existsSync(join(target, `index${ext}`))) return `${spec.replace(/\/$/, '')}/index.js`;
    throw new Error(`${relative(ROOT, file)}: cannot resolve '${spec}'`);
  }
  if (spec.startsWith('node:') || spec.startsWith('@license-ledger/')) return spec;
  // A bare subpath ('fp-ts/function') of a package without an exports map: Node's ESM
  // loader does not read the directory's package.json, so name the file CommonJS loads.
  // A scoped name is two segments: '@date-fns/utc' alone has no subpath.
  const match = /^(@[^/]+\/[^/]+|[^@/][^/]*)\/(.+)$/.exec(spec);
  if (!match || /\.(c|m)?js$/.test(spec)) return spec;
  const require = createRequire(join(pkgDir, 'package.json'));
  const manifestPath = require.resolve(`${match[1]}/package.json`);
  if (JSON.parse(readFileSync(manifestPath, 'utf8')).exports !== undefined) return spec;
  const resolved = require.resolve(spec);
  return `${match[1]}/${relative(dirname(manifestPath), resolved).split(sep).join('/')}`;
};

const fullySpecify = (dir, pkgDir) => {
  for (const file of filesUnder(dir)) {
    if (!file.endsWith('.js') && !file.endsWith('.d.ts')) continue;
    const text = readFileSync(file, 'utf8');
    const next = text.replace(SPECIFIER, (whole, lead, quote, spec) => {
      const full = fullSpecifier(spec, file, pkgDir);
      return full === spec ? whole : `${lead}${quote}${full}${quote}`;
    });
    if (next !== text) writeFileSync(file, next);
  }
};

const packages = workspacePackages();
const wanted =
  only.length === 0
    ? packages
    : packages.filter((pkg) => only.some((name) => pkg.name.endsWith(`/${name}`) || pkg.name === name));
const started = Date.now();
for (const pkg of wanted) {
  const dist = join(pkg.dir, 'dist');
  rmSync(dist, { recursive: true, force: true });
  const project = join(pkg.dir, 'tsconfig.json');
  const common = ['-p', project, '--composite', 'false', '--incremental', 'false'];
  run([...common, '--outDir', join(dist, 'cjs'), '--module', 'node16', '--moduleResolution', 'node16']);
  run([...common, '--outDir', join(dist, 'esm'), '--module', 'esnext', '--moduleResolution', 'bundler']);
  fullySpecify(join(dist, 'esm'), pkg.dir);
  writeFileSync(join(dist, 'cjs', 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
  writeFileSync(
    join(dist, 'esm', 'package.json'),
    `${JSON.stringify({ type: 'module', sideEffects: false }, null, 2)}\n`,
  );
  const bin = pkg.manifest.bin ? Object.values(pkg.manifest.bin) : [];
  for (const path of bin)
    if (!existsSync(join(pkg.dir, path))) throw new Error(`${pkg.name}: bin ${path} was not built`);
  console.log(`built ${pkg.name} (cjs, esm)`);
}
console.log(`build: ${wanted.length} packages in ${((Date.now() - started) / 1000).toFixed(1)} s`);
