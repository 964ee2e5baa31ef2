// pnpm bench:ids: the applied-id table alone (R-L5), as a replay fills it: N ids `e1 … eN`
// looked up and added one by one. Prints its bytes per id by column, the time per id, and,
// against a plain `Map` of the same ids and digests built in the same run, the ratios; then
// the first `fromSnapshot` of a process holding only those ids against a `JSON.parse` of the
// same ids and digests in a process of its own. Asserts nothing.
// BENCH_ID_COUNTS sets N (default 1000000,17094017: the 2 GB memory bench's applied ids).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const require = createRequire(import.meta.url);
const ids = require('../packages/core/dist/cjs/collections/id-hash-map.js');
const core = require('../packages/core/dist/cjs/index.js');
const COUNTS = (process.env.BENCH_ID_COUNTS ?? '1000000,17094017').split(',').map(Number);
/** Above this many ids the `Map` baseline is left out (its heap would pass Node's default limit). */
const MAP_LIMIT = 4_000_000;
const gc = globalThis.gc ?? (() => {});
const digests = Array.from({ length: 64 }, (_, k) => String.fromCharCode(k, 1, 2, 3, 4, 5, 6, 7 + k));
const mb = (bytes) => (bytes / 1e6).toFixed(0);
const settled = async () => {
  gc();
  await sleep(100);
  gc();
  return process.memoryUsage();
};

/** Fills `get`/`add` with n ids as a replay does; gives CPU ns per id. */
const fill = (n, get, add) => {
  const started = process.cpuUsage();
  for (let i = 1; i <= n; i++) {
    const id = `e${i}`;
    if (get(id) !== undefined) throw new Error(`${id} seen twice`);
    add(id, digests[i & 63]);
  }
  const used = process.cpuUsage(started);
  return ((used.user + used.system) * 1000) / n;
};

/** The first `fromSnapshot` of a fresh process, and a `JSON.parse` of the same ids in another. */
const firstReads = (n, table) => {
  const dir = mkdtempSync(join(tmpdir(), 'license-ledger-ids-'));
  try {
    const snapshot = join(dir, 'ids.snapshot');
    writeFileSync(snapshot, core.toSnapshot({ ...core.emptyLedger(), appliedIds: table }));
    const json = join(dir, 'ids.json');
    const pairs = [];
    for (let i = 1; i <= n; i++) pairs.push([`e${i}`, digests[i & 63]]);
    writeFileSync(json, JSON.stringify(pairs));
    const timed = (body) =>
      Number(
        execFileSync(
          process.execPath,
          [
            '-e',
            `const fs=require('fs');const b=fs.readFileSync(process.argv[1]);const t=process.hrtime.bigint();${body};` +
              `process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`,
            body.includes('fromSnapshot') ? snapshot : json,
          ],
          { encoding: 'utf8' },
        ),
      );
    const coreIndex = require.resolve('../packages/core/dist/cjs/index.js');
    const read = [];
    const parse = [];
    for (let round = 0; round < 3; round++) {
      read.push(timed(`const r=require(${JSON.stringify(coreIndex)}).fromSnapshot(b);if(r._tag!=='Right')throw 0`));
      parse.push(timed(`const v=JSON.parse(b.toString('utf8'));if(v.length!==${n})throw 0`));
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[1];
    return { read: median(read), parse: median(parse) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

console.log(
  `license-ledger id table bench, node ${process.version}, load ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);
for (const n of COUNTS) {
  const before = await settled();
  const appender = new ids.IdAppender(ids.emptyIdHashMap());
  const ns = fill(
    n,
    (id) => appender.get(id),
    (id, digest) => appender.add(id, digest),
  );
  const after = await settled();
  const table = appender.map();
  const columns = ids.idTableBytes(table);
  const perId = (bytes) => (bytes / n).toFixed(2);
  const total = columns.slots + columns.lengths + columns.shared + columns.blocks + columns.digests + columns.chars;
  console.log(
    `  ${n.toLocaleString('en')} ids: table ${perId(total)} B/id (${mb(total)} MB: digests ${perId(columns.digests)}, ` +
      `characters ${perId(columns.chars)} (front-coded), lengths ${perId(columns.lengths + columns.shared + columns.blocks)}, ` +
      `slots ${perId(columns.slots)} in ${columns.slotCount.toLocaleString('en')}); array buffers +${mb(after.arrayBuffers - before.arrayBuffers)} MB; ` +
      `${ns.toFixed(0)} ns/id (get + add)`,
  );
  if (n <= MAP_LIMIT) {
    const mapBefore = await settled();
    const map = new Map();
    const mapNs = fill(
      n,
      (id) => map.get(id),
      (id, digest) => map.set(id, digest),
    );
    const mapAfter = await settled();
    const heap = mapAfter.heapUsed - mapBefore.heapUsed;
    console.log(
      `    Map<string, string> of the same (baseline): ${perId(heap)} B/id of heap, ${mapNs.toFixed(0)} ns/id; ` +
        `table ÷ Map: ${(total / heap).toFixed(2)}× the bytes, ${(ns / mapNs).toFixed(2)}× the time`,
    );
    map.clear();
    const { read, parse } = firstReads(n, table);
    console.log(
      `    first fromSnapshot of a process holding only these ids ${read.toFixed(0)} ms; ` +
        `JSON.parse of the same ids and digests ${parse.toFixed(0)} ms (baseline); ratio ${(read / parse).toFixed(2)}× (medians of 3)`,
    );
  }
}
