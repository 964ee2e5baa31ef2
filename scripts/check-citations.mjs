// Lint step: no doc or source cites a file outside this repository (the product spec's
// audit-log.md or report.md, a shared folder): a reader of the repo cannot open them.
// The events and the report's JSON are docs/events.md and docs/report-json.md here.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './lib/packages.mjs';

const OUTSIDE = [
  /\baudit-log\.md\b/,
  /(?<![-\w])report\.md\b/,
  /\/work\/shared\b/,
  /\.\.\/shared\//,
  /\bshared\/spec\b/,
];
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: ROOT,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file, i, all) => all.indexOf(file) === i)
  .filter(
    (file) =>
      /\.(ts|mjs|js|md|json)$/.test(file) && file !== 'scripts/check-citations.mjs' && file !== 'pnpm-lock.yaml',
  );
const found = [];
for (const file of files) {
  let text;
  try {
    text = readFileSync(join(ROOT, file), 'utf8');
  } catch {
    continue;
  }
  text.split('\n').forEach((line, i) => {
    if (OUTSIDE.some((pattern) => pattern.test(line))) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
  });
}
if (found.length > 0) {
  console.error(`citations of files outside the repo:\n  ${found.join('\n  ')}`);
  process.exit(1);
}
console.log(`citations: ${files.length} files cite nothing outside the repo`);
