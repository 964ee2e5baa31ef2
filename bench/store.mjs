// pnpm bench:store: the event store's import speed against a plain COPY of the same
// lines (the floor), on embedded PGlite and on PostgreSQL, and the latency from
// appending one live event to its count in pool_counts (PostgreSQL). Prints figures
// and ratios measured in this run; asserts nothing (goals in docs/store.md).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { generateLines } from './generate.mjs';
import { startPostgres } from './postgres-server.mjs';

const require = createRequire(import.meta.url);
const store = require('../packages/store/dist/cjs/index.js');
const core = require('../packages/core/dist/cjs/index.js');
const cli = require('../packages/cli/dist/cjs/index.js');
// The command itself, for its batchSize option (the import as it was, in the same run).
const { runImport: importCommand } = require('../packages/cli/dist/cjs/commands/import.js');

const EVENTS = Number(process.env.BENCH_STORE_EVENTS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_STORE_BATCH ?? 100_000); // as license-ledger import appends
// Also time the import as it was: one `append` per batch of 5 000 lines, awaited (BENCH_STORE_SEQUENTIAL=0: not).
const SEQUENTIAL = process.env.BENCH_STORE_SEQUENTIAL !== '0';
const BEFORE_BATCH = 5000; // what the import appended per batch before
// Also time `license-ledger import` with the events per append it used before (20 000; 0: not).
const PREVIOUS_IMPORT_BATCH = Number(process.env.BENCH_STORE_PREVIOUS_BATCH ?? 20_000);
const SAMPLES = Number(process.env.BENCH_STORE_SAMPLES ?? 200);

const now = () => performance.now();
const fmt = (n, digits = 1) => n.toFixed(digits);
const sorted = (xs) => [...xs].sort((a, b) => a - b);
const pct = (xs, p) => sorted(xs)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const unwrap = (either) => {
  if (either._tag === 'Left') throw new Error(either.left.message);
  return either.right;
};
const copyText = (lines) => lines.map((l) => l.replace(/\\/g, '\\\\')).join('\n') + '\n';

console.log(`generating ${EVENTS} events (bench/generate.mjs, 100 000 machines, seed 7)…`);
const lines = [...generateLines({ machines: 100_000, events: EVENTS, seed: 7 })];

// The replay part: what an import must do whatever the database, measured in memory
// in this run: decode every line as the store does (the codecs' check) and decide each
// event's outcome by the rules as the import does: one replay for all its batches, each
// event's outcome read as it is pushed (Replayer.lastOutcome), a state only at the end.
// The rest of an import is the store part. With BENCH_STORE_BATCHWISE=1, also the rules
// as appends decided them before: a replay per batch of BATCH from the state the previous
// one handed out, timed after the one draft in the same process (a second replay of 1M
// events there runs on a fuller heap and comes out slower than in a process of its own:
// compare one way per process, as docs/store.md does).
const BATCHWISE = process.env.BENCH_STORE_BATCHWISE === '1';
const measureReplayPart = (print) => {
  const t = now();
  // Decoded as the store decodes a line (core's decodeLine: the fast scanner, else JSON and the codecs).
  const events = lines.map((text, i) => core.decodeLine({ line: i + 1, text }).event);
  const decodeMs = now() - t;
  const o = now();
  const one = core.createReplayer({ mode: 'lenient', history: 'none', maxProblems: 0 });
  let rejected = 0;
  events.forEach((event, i) => {
    one.push({ line: i + 1, event });
    if (one.lastOutcome().kind === 'rejected') rejected += 1;
  });
  one.result();
  const replayMs = now() - o;
  let batchwiseMs = null;
  if (BATCHWISE) {
    globalThis.gc?.();
    const r = now();
    let state = core.emptyLedger();
    for (let i = 0; i < events.length; i += BATCH) {
      const replayer = core.createReplayer({
        mode: 'lenient',
        history: 'none',
        from: state,
        maxProblems: Number.MAX_SAFE_INTEGER,
      });
      events.slice(i, i + BATCH).forEach((event, k) => replayer.push({ line: i + k + 1, event }));
      state = replayer.result().state;
    }
    batchwiseMs = now() - r;
  }
  if (print)
    console.log(
      `in memory, no database: parse + decode ${fmt(decodeMs / 1000, 2)} s, the rules on one draft, outcomes read push by push (${rejected} rejected) ${fmt(replayMs / 1000, 2)} s (${fmt((replayMs * 1000) / EVENTS, 1)} µs/event): replay part ${fmt((decodeMs + replayMs) / 1000, 2)} s` +
        (batchwiseMs === null
          ? ''
          : `; as appends decided before (a replay per batch of ${BATCH}, a state handed out after each) ${fmt(batchwiseMs / 1000, 2)} s (${fmt((batchwiseMs * 1000) / EVENTS, 1)} µs/event)`),
    );
  return { ms: decodeMs + replayMs, decodeMs, replayMs, batchwiseMs };
};
const replayPart = measureReplayPart(true);

/** The rows an import writes, for the events-table floor (every outcome 'applied': only their bytes matter). */
const eventRows = () =>
  lines
    .map((l, i) => {
      const { id, type } = JSON.parse(l);
      return `bench\t${i + 1}\t${id}\t${type}\t${l.replace(/\\/g, '\\\\')}\tapplied\t\\N\t\\N\n`;
    })
    .join('');

/** The floor: the same lines into a one-column table with one COPY; then the store's import. */
const importRun = async (label, location) => {
  const s = unwrap(await store.openStore(location)());
  await s.backend.script(
    'DROP TABLE IF EXISTS floor_lines; CREATE TABLE floor_lines (line text); DROP TABLE IF EXISTS floor_events; CREATE TABLE floor_events (LIKE events INCLUDING ALL)',
  );
  const text = copyText(lines);
  let t = now();
  await s.backend.transaction((tx) => tx.copyIn('floor_lines', ['line'], text));
  const floorMs = now() - t;
  // What the store's rows cost the database alone: the same rows in one COPY into a table like `events` (its indexes).
  const rows = eventRows();
  t = now();
  await s.backend.transaction((tx) =>
    tx.copyIn('floor_events', ['ledger_id', 'version', 'event_id', 'type', 'body', 'outcome', 'rule', 'message'], rows),
  );
  const rowsMs = now() - t;
  await s.backend.script('DROP TABLE floor_events');
  const x = (ms) => `${fmt(ms / floorMs, 2)}×`;
  const perSecond = (ms) => fmt(EVENTS / (ms / 1000), 0);
  let before = null;
  if (SEQUENTIAL) {
    // The previous import, for comparison in this run: the lines handed to one `append` per batch, each
    // awaited before the next batch is read and decided. Timed inside the transactions too.
    let inTransactions = 0;
    const timed = store.createStore({
      ...s.backend,
      transaction: async (work) => {
        const start = now();
        try {
          return await s.backend.transaction(work);
        } finally {
          inTransactions += now() - start;
        }
      },
    });
    t = now();
    let version = 0;
    for (let i = 0; i < lines.length; i += BEFORE_BATCH)
      version = unwrap(
        await timed.append('bench', lines.slice(i, i + BEFORE_BATCH), { expectedVersion: version })(),
      ).version;
    before = { ms: now() - t, inTransactions };
    // Emptied, not deleted from: the import below starts on the same empty tables.
    await s.backend.script('TRUNCATE events, ledgers, projector_checkpoints');
  }
  // `license-ledger import LOG --store … --ledger bench` itself (the CLI's main, in this process): the lines
  // decoded once by the store, appendBatches in batches of 100 000 decided on one chain (batch k+1 decided while batch k is written).
  // PGlite is one process at a time: this store is closed while the command runs.
  if (s.backend.kind === 'pglite') await s.close();
  // What the command spends opening the store (PGlite: starting the database in this process), timed apart.
  t = now();
  await unwrap(await store.openStore(location)()).close();
  const openMs = now() - t;
  const runImport = async (ledger, batchSize) => {
    let out = '';
    const sink = { write: (text) => ((out += text), true) };
    const io = { stdout: sink, stderr: sink, stdin: process.stdin, env: {} };
    const start = now();
    const code =
      batchSize === undefined
        ? await cli.main(['import', logFile, '--store', location, '--ledger', ledger], io)
        : await importCommand({ log: logFile, store: location, ledger, batchSize }, io);
    const ms = now() - start;
    if ((code !== 0 && code !== 1) || !out.includes(`version ${EVENTS}`))
      throw new Error(`import: exit ${code}: ${out.slice(0, 500)}`);
    return ms;
  };
  let previousMs = null;
  if (PREVIOUS_IMPORT_BATCH > 0) {
    // The same command with the batch size it had before (same code otherwise), on the same empty tables.
    previousMs = await runImport('bench', PREVIOUS_IMPORT_BATCH);
    const emptied = unwrap(await store.openStore(location)());
    await emptied.backend.script('TRUNCATE events, ledgers, projector_checkpoints');
    await emptied.close();
  }
  const importMs = await runImport('bench');
  console.log(
    `${label}: COPY floor ${fmt(floorMs / 1000, 2)} s (${perSecond(floorMs)} lines/s) · license-ledger import ${fmt(importMs / 1000, 2)} s (${perSecond(importMs)} events/s; opening the store alone ${fmt(openMs / 1000, 2)} s) · ratio ${x(importMs)} (goal ≤ 3×)`,
  );
  console.log(
    `  split: replay part (in memory alone, above: decode ${x(replayPart.decodeMs)} + the rules on one draft ${x(replayPart.replayMs)}${replayPart.batchwiseMs === null ? '' : `; batch-wise, as before, ${x(replayPart.batchwiseMs)}`}) ${x(replayPart.ms)} + the rest ${x(importMs - replayPart.ms)}; the same rows COPYed alone into a table like events ${x(rowsMs)}`,
  );
  if (previousMs !== null)
    console.log(
      `  previous import (the same command in batches of ${PREVIOUS_IMPORT_BATCH}; same run): ${fmt(previousMs / 1000, 2)} s, ${x(previousMs)} → import ${x(importMs)}`,
    );
  if (before !== null)
    console.log(
      `  before (the lines to one awaited append per batch of ${BEFORE_BATCH}; same run): ${fmt(before.ms / 1000, 2)} s, ${x(before.ms)} (inside the transactions ${x(before.inTransactions)}) → import ${x(importMs)}`,
    );
  return s.backend.kind === 'pglite' ? null : s;
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'license-ledger-bench-store-'));
// The log on disk, for `license-ledger import` to read.
const logFile = path.join(tmp, 'bench.ndjson');
fs.writeFileSync(logFile, lines.join('\n') + '\n');
const server = await startPostgres();
try {
  await importRun('PGlite', path.join(tmp, 'pglite'));
  const pg = await importRun('PostgreSQL', server.url);

  // The projector catches up with the imported ledger first (its own figure), then
  // follows a small live ledger: each sample appends one event and waits until
  // pool_counts shows it. Projector and writer share this process (own connections).
  const projectorBackend = await store.postgresBackend(server.url);
  const projector = store.createProjector(projectorBackend, { pollMs: 60_000 });
  let t = now();
  const projected = await projector.catchUp();
  const projectMs = now() - t;
  console.log(
    `PostgreSQL projection of the imported ledger: ${projected} events in ${fmt(projectMs / 1000, 2)} s (${fmt(projected / (projectMs / 1000), 0)} events/s)`,
  );
  const listener = await store.postgresBackend(server.url);
  let seen = 0;
  let waiter = null;
  await listener.listen(store.PROJECTED_CHANNEL, (payload) => {
    const [ledgerId, version] = payload.split(':');
    if (ledgerId !== 'live') return;
    seen = Math.max(seen, Number(version));
    waiter?.();
  });
  const visible = (version) =>
    new Promise((resolve) => {
      const check = () => {
        if (seen >= version) resolve();
      };
      waiter = check;
      check();
    });
  const at = (i) => new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
  let version = unwrap(
    await pg.append(
      'live',
      [{ type: 'LicensePurchased', id: 'p', at: at(0), poolId: 'live-kes', module: 'KES', quantity: SAMPLES + 10 }],
      { expectedVersion: 0 },
    )(),
  ).version;
  projector.start();
  await visible(version);
  const latencies = [];
  for (let i = 1; i <= SAMPLES; i++) {
    const event = {
      type: 'KesInstalled',
      id: `i${i}`,
      at: at(i),
      poolId: 'live-kes',
      machineId: `m${i}`,
      groupId: 'g',
    };
    const t = now();
    version = unwrap(await pg.append('live', [event], { expectedVersion: version })()).version;
    await visible(version);
    const [row] = await pg.backend.query(
      "SELECT applied FROM pool_counts WHERE ledger_id = 'live' AND pool_id = 'live-kes'",
    );
    latencies.push(now() - t);
    if (row.applied !== i) throw new Error(`pool_counts shows ${row.applied} applied after ${i} installs`);
  }
  console.log(
    `PostgreSQL live: append → projector → pool_counts, ${SAMPLES} events: median ${fmt(pct(latencies, 0.5), 2)} ms, p99 ${fmt(pct(latencies, 0.99), 2)} ms (goal median ≤ 20 ms)`,
  );
  await projector.stop();
  await Promise.all([projectorBackend.close(), listener.close(), pg.close()]);
} finally {
  server.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
}
