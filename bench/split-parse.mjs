// The baseline of `pnpm bench`: read a file in 1 MiB chunks, split it into lines and
// JSON.parse each line, nothing else (docs/performance.md).
import { Buffer } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { TextDecoder } from 'node:util';

const fd = openSync(process.argv[2], 'r');
const buffer = Buffer.allocUnsafe(1 << 20);
const decoder = new TextDecoder();
let rest = '';
let parsed = 0;
for (;;) {
  const got = readSync(fd, buffer, 0, buffer.length, null);
  if (got === 0) break;
  const text = rest + decoder.decode(buffer.subarray(0, got), { stream: true });
  let start = 0;
  for (let lf = text.indexOf('\n'); lf >= 0; lf = text.indexOf('\n', start)) {
    if (lf > start) {
      JSON.parse(text.slice(start, lf));
      parsed += 1;
    }
    start = lf + 1;
  }
  rest = text.slice(start);
}
if (rest.trim() !== '') {
  JSON.parse(rest);
  parsed += 1;
}
closeSync(fd);
console.log(`${parsed} lines parsed`);
