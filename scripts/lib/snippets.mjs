// The code blocks the docs mark for the consumer test: a line `<!-- test:consumer NAME -->`
// right before a fenced block. The test runs them exactly as the docs show them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './packages.mjs';

export const snippet = (doc, name) => {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  const marker = `<!-- test:consumer ${name} -->`;
  const at = text.indexOf(marker);
  if (at < 0) throw new Error(`${doc}: no ${marker}`);
  const block = /^```[a-z]*\n([\s\S]*?)^```$/m.exec(text.slice(at + marker.length));
  if (!block || text.slice(at + marker.length, at + marker.length + block.index).trim() !== '') {
    throw new Error(`${doc}: ${marker} is not followed by a code block`);
  }
  return block[1];
};
