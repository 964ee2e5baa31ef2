// CI step: every example runs through the built command as a user would, with the
// exit status its README announces, and its JSON report parses.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const cli = 'packages/cli/dist/cjs/bin.js';
const cases = [
  { args: ['report', 'examples/quickstart.ndjson'], status: 0 },
  { args: ['report', 'examples/quickstart.ndjson', '--json'], status: 0, json: true },
  { args: ['report', 'examples/acme-msp.ndjson'], status: 1 },
  { args: ['report', 'examples/acme-msp.ndjson', '--json'], status: 1, json: true },
  { args: ['report', 'examples/acme-msp.ndjson', '--as-of', '2026-06-01T00:00:00Z'], status: 1 },
  { args: ['explain', 'examples/acme-msp.ndjson', '--license', 'acme-kes#17'], status: 1 },
  { args: ['validate', 'examples/quickstart.ndjson'], status: 0 },
  { args: ['validate', 'examples/acme-msp.ndjson'], status: 1 },
  // docs/cli.md shows docs/timeline-acme.svg as drawn by this very command.
  {
    args: [
      'timeline',
      'examples/acme-msp.ndjson',
      '--to',
      '2025-12-31T00:00:00Z',
      '--as-of',
      '2025-06-01T00:00:00Z',
      '--out',
      '-',
    ],
    status: 1,
    sameAs: 'docs/timeline-acme.svg',
  },
  {
    args: ['report', 'examples/acme-msp.ndjson', '--as-of', '2025-06-01T00:00:00Z', '--html', '-'],
    status: 1,
    html: true,
  },
];

let failed = 0;
for (const { args, status, json, sameAs, html } of cases) {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
  const problems = [];
  if (run.status !== status)
    problems.push(`exit ${run.status}, expected ${status}: ${run.stderr.trim().split('\n')[0] ?? ''}`);
  if (run.stdout.trim() === '') problems.push('printed nothing');
  if (json) {
    try {
      JSON.parse(run.stdout);
    } catch (error) {
      problems.push(`not JSON: ${error.message}`);
    }
  }
  if (sameAs !== undefined && run.stdout !== readFileSync(sameAs, 'utf8'))
    problems.push(`not what ${sameAs} holds: regenerate it with this command (--out ${sameAs})`);
  if (html && !run.stdout.includes('<!DOCTYPE html>')) problems.push('no HTML page');
  console.log(
    `${problems.length === 0 ? 'ok  ' : 'FAIL'} license-ledger ${args.join(' ')}${problems.length ? `\n     ${problems.join('\n     ')}` : ''}`,
  );
  failed += problems.length === 0 ? 0 : 1;
}
console.log(`examples: ${cases.length - failed} of ${cases.length} behaved as documented`);
process.exit(failed === 0 ? 0 : 1);
