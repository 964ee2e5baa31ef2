// Every `@example` in the JSDoc of packages/*/src is a program a user could paste:
// this script extracts each one, writes it as an ES module under .examples-check/
// (where `@license-ledger/*` resolve to the built packages, as they do for a user
// after `npm install`), type-checks them all with tsc against tsconfig.base.json
// (strict, nodenext) and runs each with node. An example may only document a name
// that an entry point of its package exports (the public ones, or core's /internal):
// anything else cannot be imported by a user. Any failure names the source file, the
// line and the export. Needs `pnpm build` first (the examples import dist/). Examples
// run in .examples-check/, where `audit.ndjson` is a copy of examples/quickstart.ndjson.
//
//   node scripts/check-examples.mjs            check every example
//   node scripts/check-examples.mjs --list     list the examples and their owners
//   node scripts/check-examples.mjs core/src/query   only the examples of matching files
import { execFile, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { ROOT, workspacePackages } from './lib/packages.mjs';

const args = process.argv.slice(2);
const listOnly = args.includes('--list');
const filters = args.filter((arg) => !arg.startsWith('--'));
const WORK = join(ROOT, '.examples-check');

// --- what the entry points export -------------------------------------------------
const packages = workspacePackages();
const entries = packages.flatMap((pkg) =>
  Object.entries(pkg.manifest.exports ?? {})
    .filter(([key]) => key !== './package.json')
    .map(([key, target]) => ({
      specifier: key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`,
      file: join(pkg.dir, target.source),
    })),
);
const sourceFiles = packages.flatMap((pkg) => walk(join(pkg.dir, 'src')));
const program = ts.createProgram(sourceFiles, {
  ...ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} },
  ).options,
  noEmit: true,
});
const checker = program.getTypeChecker();
/** declaration node → the entry point specifiers exporting it */
const exportedBy = new Map();
for (const entry of entries) {
  const source = program.getSourceFile(entry.file);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`check-examples: cannot read entry point ${entry.file}`);
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const declaration of symbol.declarations ?? []) {
      const owner = ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration;
      exportedBy.set(owner, [...(exportedBy.get(owner) ?? []), entry.specifier]);
    }
  }
}

// --- the examples --------------------------------------------------------------------
/** The top-level statement a JSDoc-carrying node belongs to (a member's interface, …). */
const topLevelOf = (node) => {
  let current = node;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return current;
};
const nameOf = (node) => {
  if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText()).join(', ');
  return node.name?.getText() ?? '(unnamed)';
};
/** The code of an @example tag: the fenced block when there is one, else the whole text. */
const codeOf = (raw) => {
  const fenced = /```[a-z]*\n([\s\S]*?)```/.exec(raw);
  return (fenced ? fenced[1] : raw).replace(/^\n+/, '').trimEnd();
};

const examples = [];
const problems = [];
for (const file of sourceFiles) {
  if (filters.length > 0 && !filters.some((filter) => file.includes(filter))) continue;
  const source = program.getSourceFile(file);
  const visit = (node) => {
    for (const doc of node.jsDoc ?? []) {
      for (const tag of doc.tags ?? []) {
        if (tag.tagName.text !== 'example') continue;
        const line = source.getLineAndCharacterOfPosition(tag.getStart()).line + 1;
        const top = topLevelOf(node);
        const owner = nameOf(top);
        const member = node === top ? '' : `.${nameOf(node)}`;
        const where = `${relative(ROOT, file)}:${line} (${owner}${member})`;
        const specifiers = exportedBy.get(top);
        if (!specifiers) {
          problems.push(`${where}: @example on a name no entry point exports; a user cannot import it`);
          continue;
        }
        examples.push({
          where,
          file,
          line,
          owner: `${owner}${member}`,
          specifiers,
          code: codeOf(ts.getTextOfJSDocComment(tag.comment) ?? ''),
        });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

if (listOnly) {
  for (const example of examples) console.log(`${example.where} [${example.specifiers.join(', ')}]\n${example.code}\n`);
  for (const problem of problems) console.log(`PROBLEM ${problem}`);
  process.exit(0);
}

// --- a project where the packages resolve as for a user -----------------------------
rmSync(WORK, { recursive: true, force: true });
mkdirSync(join(WORK, 'src'), { recursive: true });
const link = (name, target) => {
  const at = join(WORK, 'node_modules', name);
  mkdirSync(dirname(at), { recursive: true });
  symlinkSync(target, at);
};
for (const pkg of packages) link(pkg.name, pkg.dir);
const core = packages.find((pkg) => pkg.name === '@license-ledger/core');
for (const peer of ['fp-ts', 'io-ts']) link(peer, realpathSync(join(core.dir, 'node_modules', peer)));
writeFileSync(join(WORK, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
// Examples that read a log read this one, from their working directory.
copyFileSync(join(ROOT, 'examples', 'quickstart.ndjson'), join(WORK, 'audit.ndjson'));
writeFileSync(
  join(WORK, 'tsconfig.json'),
  JSON.stringify({
    extends: '../tsconfig.base.json',
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      rootDir: 'src',
      outDir: 'out',
      declaration: false,
      declarationMap: false,
      sourceMap: false,
      noEmitOnError: false,
      // An example shows one use; it need not use every import it declares for context.
      noUnusedLocals: false,
      noUnusedParameters: false,
    },
    include: ['src'],
  }),
);
const moduleFile = (index) => `example-${String(index + 1).padStart(3, '0')}`;
examples.forEach((example, index) => {
  const header = `// ${example.where}\n`;
  // `export {}` keeps a module without imports a module (top-level await, own scope).
  writeFileSync(join(WORK, 'src', `${moduleFile(index)}.mts`), `${header}${example.code}\nexport {};\n`);
});

let failed = problems.length;
for (const problem of problems) console.error(`check-examples: ${problem}`);

// --- type-check ---------------------------------------------------------------------
const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', WORK], {
  encoding: 'utf8',
});
const typeErrors = new Map();
for (const line of tsc.stdout.split('\n')) {
  const match = /(?:^|\/)src\/(example-\d+)\.mts\(\d+,\d+\): (.*)$/.exec(line);
  if (match) typeErrors.set(match[1], [...(typeErrors.get(match[1]) ?? []), match[2]]);
  else if (line.trim() !== '' && !/^\s/.test(line))
    typeErrors.set('(project)', [...(typeErrors.get('(project)') ?? []), line]);
}
if (tsc.status !== 0 && typeErrors.size === 0) typeErrors.set('(project)', [tsc.stdout || tsc.stderr]);
for (const [file, errors] of typeErrors) {
  const index = examples.findIndex((_, i) => moduleFile(i) === file);
  const where = index < 0 ? file : examples[index].where;
  console.error(`check-examples: does not type-check: ${where}\n  ${errors.join('\n  ')}`);
  failed++;
}

// --- run ------------------------------------------------------------------------------
const run = promisify(execFile);
const queue = examples.map((example, index) => ({ example, index }));
const worker = async () => {
  for (let item = queue.shift(); item; item = queue.shift()) {
    const file = join(WORK, 'out', `${moduleFile(item.index)}.mjs`);
    if (typeErrors.has(moduleFile(item.index))) continue;
    try {
      await run(process.execPath, [file], { cwd: WORK, timeout: 60_000 });
    } catch (error) {
      const output = `${error.stderr ?? ''}${error.stdout ?? ''}`.trim().split('\n').slice(0, 12).join('\n  ');
      console.error(`check-examples: fails when run: ${item.example.where}\n  ${output || error.message}`);
      failed++;
    }
  }
};
await Promise.all([worker(), worker()]);

if (failed > 0) {
  console.error(`check-examples: ${failed} of ${examples.length + problems.length} examples failed`);
  process.exit(1);
}
console.log(`check-examples: ${examples.length} examples type-check and run`);

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return walk(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}
