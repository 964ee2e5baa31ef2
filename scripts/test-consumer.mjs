// pnpm test:consumer: the packages as a user meets them. Packs every packages/*, installs
// the tarballs into fresh temporary projects and runs the docs' code there, exactly as
// the docs show it (scripts/lib/snippets.mjs reads the marked blocks):
//   npm-esm     npm, "type": "module", tsc with module/moduleResolution nodenext
//   npm-cjs     npm, CommonJS (node16), every entry point require()d; types also under node10
//   npm-bundle  npm, tsc with moduleResolution bundler, then one esbuild ESM bundle per snippet
//   pnpm-esm    pnpm's strict node_modules, nodenext
// npm-esm compiles with skipLibCheck off, so the shipped .d.ts are type-checked too.
// The README snippet must print every pool of examples/acme-msp.ndjson with the counts
// the built command reports for the same instant. Any error fails.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, workspacePackages } from './lib/packages.mjs';
import { packAll, PNPM } from './lib/pack.mjs';
import { snippet } from './lib/snippets.mjs';

const started = Date.now();
const packages = workspacePackages();
if (packages.some((pkg) => !existsSync(join(pkg.dir, 'dist', 'cjs', 'index.js')))) {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}

const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const devVersion = (name) => {
  for (const pkg of [{ manifest: rootManifest }, ...packages]) {
    const version = pkg.manifest.devDependencies?.[name];
    if (version) return version;
  }
  throw new Error(`no devDependency ${name} in the workspace`);
};

const work = mkdtempSync(join(tmpdir(), 'ledger-consumer-'));
const failures = [];
const step = (project, what, fn) => {
  const t0 = Date.now();
  try {
    fn();
    console.log(`ok   ${project}: ${what} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failures.push(`${project}: ${what}`);
    console.log(`FAIL ${project}: ${what}\n${String(error.message ?? error).replace(/^/gm, '     ')}`);
  }
};
const sh = (cwd, cmd, args, options = {}) => {
  const run = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 240_000,
    ...options,
  });
  if (run.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')} exited ${run.status ?? run.signal}\n${run.stdout}${run.stderr}`.trim());
  return run.stdout;
};

const readme = snippet('README.md', 'readme-library');
const property = snippet('docs/testing.md', 'property-test');

// What the built command reports as of the README's instant, to compare the snippet's output with.
const instant = /parseInstant\('([^']+)'\)/.exec(readme)?.[1];
const expectedCounts = () => {
  const cli = join(ROOT, 'packages', 'cli', 'dist', 'cjs', 'bin.js');
  const run = spawnSync(
    process.execPath,
    [cli, 'report', join(ROOT, 'examples', 'acme-msp.ndjson'), '--json', '--as-of', instant],
    { encoding: 'utf8' },
  );
  return JSON.parse(run.stdout);
};
const checkReadmeOutput = (out) => {
  const report = expectedCounts();
  const pools = report.pools ?? report.installRemove ?? [];
  if (!Array.isArray(pools) || pools.length === 0) throw new Error('the command reported no pools to compare with');
  const lines = out.split('\n');
  for (const pool of pools) {
    const popup = lines.find((line) => line.startsWith(`${pool.poolId} {`));
    if (!popup) throw new Error(`the snippet printed no Install/Remove line for ${pool.poolId}:\n${out}`);
    const printed = JSON.parse(popup.slice(pool.poolId.length + 1));
    const wanted = pool.installRemove ?? pool.counts;
    for (const [key, value] of Object.entries(wanted)) {
      if (printed[key] !== value)
        throw new Error(`${pool.poolId} ${key}: snippet printed ${printed[key]}, license-ledger report ${value}`);
    }
    const manager = `${pool.poolId} used ${pool.licenseManager.used} of ${pool.licenseManager.max}`;
    if (!lines.includes(manager)) throw new Error(`the snippet did not print '${manager}':\n${out}`);
  }
  if (!/events applied/.test(out)) throw new Error(`no replay summary:\n${out}`);
};

const makeProject = (name, { type, tsconfig, extraDev = [] }) => {
  const dir = join(work, name);
  mkdirSync(join(dir, 'examples'), { recursive: true });
  cpSync(join(ROOT, 'examples', 'acme-msp.ndjson'), join(dir, 'examples', 'acme-msp.ndjson'));
  const tarballs = Object.fromEntries([...packed].map(([pkg, file]) => [pkg, `file:${file}`]));
  const manifest = {
    name: `ledger-consumer-${name}`,
    private: true,
    version: '0.0.0',
    type,
    dependencies: { ...tarballs, 'fp-ts': devVersion('fp-ts'), 'io-ts': devVersion('io-ts') },
    devDependencies: Object.fromEntries(
      ['typescript', '@types/node', 'fast-check', ...extraDev].map((tool) => [tool, devVersion(tool)]),
    ),
    overrides: tarballs,
    pnpm: { overrides: tarballs },
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    `${JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, skipLibCheck: true, outDir: 'out', types: ['node'], ...tsconfig }, include: ['src'] }, null, 2)}\n`,
  );
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'readme.ts'), readme);
  writeFileSync(join(dir, 'src', 'property.ts'), property);
  return dir;
};
const npmInstall = (dir) => sh(dir, 'npm', ['install', '--no-audit', '--no-fund', '--loglevel=error']);
const tsc = (dir, project = '.') =>
  sh(dir, process.execPath, [join(dir, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project]);

let packed;
step('pack', 'pnpm pack every package', () => {
  mkdirSync(join(work, 'tarballs'));
  packed = packAll(join(work, 'tarballs'));
});
if (packed) {
  // 1. ES modules, nodenext.
  const esm = makeProject('npm-esm', {
    type: 'module',
    tsconfig: { module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false },
  });
  step('npm-esm', 'npm install the tarballs', () => npmInstall(esm));
  step('npm-esm', 'tsc (nodenext, skipLibCheck off)', () => tsc(esm));
  step('npm-esm', 'README library snippet prints the counts the command reports', () =>
    checkReadmeOutput(sh(esm, process.execPath, ['out/readme.js'])),
  );
  step('npm-esm', 'docs/testing.md property test', () => sh(esm, process.execPath, ['out/property.js']));

  // 2. CommonJS; the README snippet needs top-level await, so this project runs the property
  // test and require()s every entry point, whose types are also checked under node10
  // resolution (typesVersions for subpaths; fast-check's own types need node16, so no property test there).
  const cjs = makeProject('npm-cjs', {
    type: 'commonjs',
    tsconfig: { module: 'node16', moduleResolution: 'node16', esModuleInterop: true },
  });
  rmSync(join(cjs, 'src', 'readme.ts'));
  const entries = packages.flatMap((pkg) =>
    Object.keys(pkg.manifest.exports ?? { '.': null })
      .filter((key) => key !== './package.json')
      .map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`)),
  );
  writeFileSync(
    join(cjs, 'src', 'entries.ts'),
    `${entries.map((entry, i) => `import * as entry${i} from '${entry}';`).join('\n')}\n` +
      `const loaded: Record<string, object> = { ${entries.map((entry, i) => `'${entry}': entry${i}`).join(', ')} };\n` +
      `for (const [name, names] of Object.entries(loaded)) if (Object.keys(names).length === 0) throw new Error(name + ' exports nothing');\n` +
      `console.log(Object.keys(loaded).length + ' entry points loaded');\n`,
  );
  step('npm-cjs', 'npm install the tarballs', () => npmInstall(cjs));
  writeFileSync(
    join(cjs, 'tsconfig.node10.json'),
    `${JSON.stringify({ extends: './tsconfig.json', compilerOptions: { module: 'commonjs', moduleResolution: 'node10', noEmit: true }, files: ['src/entries.ts'] }, null, 2)}\n`,
  );
  step('npm-cjs', 'tsc (commonjs, node16)', () => tsc(cjs));
  step('npm-cjs', 'tsc --noEmit of every entry point (node10)', () => tsc(cjs, 'tsconfig.node10.json'));
  step('npm-cjs', `require() of ${entries.length} entry points`, () => sh(cjs, process.execPath, ['out/entries.js']));
  step('npm-cjs', 'docs/testing.md property test', () => sh(cjs, process.execPath, ['out/property.js']));

  // 3. esbuild ESM bundles.
  const bundle = makeProject('npm-bundle', {
    type: 'module',
    tsconfig: { module: 'esnext', moduleResolution: 'bundler', noEmit: true },
    extraDev: ['esbuild'],
  });
  step('npm-bundle', 'npm install the tarballs', () => npmInstall(bundle));
  step('npm-bundle', 'tsc --noEmit (bundler)', () => tsc(bundle));
  for (const name of ['readme', 'property']) {
    step('npm-bundle', `esbuild --bundle --format=esm ${name}`, () => {
      sh(bundle, join(bundle, 'node_modules', '.bin', 'esbuild'), [
        `src/${name}.ts`,
        '--bundle',
        '--platform=node',
        '--format=esm',
        `--outfile=bundle/${name}.mjs`,
        '--log-level=warning',
      ]);
      const text = readFileSync(join(bundle, 'bundle', `${name}.mjs`), 'utf8');
      if (/Dynamic require of/.test(text) && /__require\(["']node:/.test(text))
        throw new Error('the bundle require()s a node: module, which fails in ESM');
    });
  }
  step('npm-bundle', 'README library snippet (bundled)', () =>
    checkReadmeOutput(sh(bundle, process.execPath, ['bundle/readme.mjs'])),
  );
  step('npm-bundle', 'docs/testing.md property test (bundled)', () =>
    sh(bundle, process.execPath, ['bundle/property.mjs']),
  );

  // 4. pnpm: strict node_modules, so an undeclared dependency fails.
  const pnpm = makeProject('pnpm-esm', {
    type: 'module',
    tsconfig: { module: 'nodenext', moduleResolution: 'nodenext' },
  });
  step('pnpm-esm', 'pnpm install the tarballs', () =>
    sh(pnpm, 'npx', [...PNPM, 'install', '--ignore-workspace', '--config.confirmModulesPurge=false']),
  );
  step('pnpm-esm', 'tsc (nodenext)', () => tsc(pnpm));
  step('pnpm-esm', 'README library snippet', () => checkReadmeOutput(sh(pnpm, process.execPath, ['out/readme.js'])));
  step('pnpm-esm', 'docs/testing.md property test', () => sh(pnpm, process.execPath, ['out/property.js']));
}

if (process.env.KEEP_CONSUMER !== '1') rmSync(work, { recursive: true, force: true });
else console.log(`kept ${work}`);
console.log(
  `consumer: ${failures.length === 0 ? 'every step passed' : `${failures.length} failed`} in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
process.exit(failures.length === 0 ? 0 : 1);
