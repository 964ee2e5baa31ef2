// CI step: each package as npm would publish it. Packs every packages/* and checks the
// tarball: publint (package.json, exports, files) and @arethetypeswrong/cli (types
// resolve and match the JavaScript under node10, node16 CJS and ESM, and bundler), plus
// what neither looks at: a README and LICENSE, no build info, no tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './lib/packages.mjs';
import { packAll } from './lib/pack.mjs';

const bin = (name) => join(ROOT, 'node_modules', '.bin', name);
const out = mkdtempSync(join(tmpdir(), 'ledger-pack-'));
let failed = 0;
try {
  for (const [name, tarball] of packAll(out)) {
    const problems = [];
    const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const required of ['package/package.json', 'package/README.md', 'package/LICENSE']) {
      if (!files.includes(required)) problems.push(`missing ${required.slice('package/'.length)}`);
    }
    for (const file of files) {
      if (/\.tsbuildinfo$|\/test\/|\.spec\.[jt]s$/.test(file)) problems.push(`ships ${file.slice('package/'.length)}`);
    }
    const publint = spawnSync(bin('publint'), ['run', tarball, '--strict', '--level', 'suggestion'], {
      encoding: 'utf8',
    });
    const publintOut = `${publint.stdout}${publint.stderr}`.trim();
    if (publint.status !== 0 || !/All good!/.test(publintOut)) problems.push(`publint:\n${publintOut}`);
    const attw = spawnSync(bin('attw'), [tarball, '--format', 'ascii'], { encoding: 'utf8' });
    const attwOut = `${attw.stdout}${attw.stderr}`.trim();
    if (attw.status !== 0) problems.push(`attw:\n${attwOut}`);
    console.log(
      `${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name} (${files.length} files)${problems.length ? `\n     ${problems.join('\n     ')}` : ''}`,
    );
    if (problems.length > 0) failed += 1;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
console.log(failed === 0 ? 'packages: publint and attw clean' : `packages: ${failed} with problems`);
process.exit(failed === 0 ? 0 : 1);
