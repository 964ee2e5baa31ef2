// pnpm bench: speed and memory of the replay path, measured against a baseline in the same run.
// Prints figures and ratios; it asserts nothing (goals are in docs/performance.md).
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { generateLog } from './generate.mjs';

const require = createRequire(import.meta.url);
// The benchmark times internals too (hashing, the per-pool count functions), so it reads core's
// unstable internal entry point and the view modules, not only the packages' public roots.
const core = { ...require('../packages/core/dist/cjs/index.js'), ...require('../packages/core/dist/cjs/internal.js') };
const { installRemoveCountsOf } = require('../packages/install-remove/dist/cjs/install-remove-counts.js');
const { licenseManagerCountsOf } = require('../packages/license-manager/dist/cjs/license-manager-counts.js');

const EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const DAY = 86_400_000;
const gc = globalThis.gc ?? (() => {});
// The applied-id table lives in typed arrays outside the JavaScript heap: count both.
const held = () => {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
};

const time = (fn) => {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];
const fmt = (n, digits = 2) => n.toFixed(digits);

function measureScale(machines) {
  const lines = generateLog({ machines, events: EVENTS, seed: 7 });
  const text = lines.join('\n') + '\n';
  const bytes = Buffer.from(text);
  // Baseline: JSON.parse alone, the floor every replay pays (performance-facts.md).
  const parse = time(() => lines.map((l) => JSON.parse(l)));
  const decode = time(() => parse.value.map((raw) => core.decodeEvent(raw)));
  const events = decode.value.map((r) => r.right);
  gc();
  const heapBefore = held();
  const fold = time(() => core.replay()(events));
  gc();
  const heapAfter = held();
  const endToEnd = time(() => {
    const replayer = core.createReplayer();
    const chunks = [];
    for (let i = 0; i < bytes.length; i += 1 << 20) chunks.push(bytes.subarray(i, i + (1 << 20)));
    for (const batch of core.decodeLog(core.splitLines(chunks))) for (const entry of batch) replayer.push(entry);
    return replayer.result();
  });
  const state = fold.value.state;
  // The same replay without license and machine histories (what `report` uses).
  gc();
  const leanBefore = held();
  const lean = core.replay({ history: 'none' })(events);
  gc();
  const leanMB = (held() - leanBefore) / 1e6;
  if (lean.stats.applied !== fold.value.stats.applied) throw new Error('history none changed what was applied');
  return {
    events,
    leanMB,
    machines,
    state,
    stats: fold.value.stats,
    us: {
      parse: (parse.ms * 1000) / EVENTS,
      decode: (decode.ms * 1000) / EVENTS,
      fold: (fold.ms * 1000) / EVENTS,
      endToEnd: (endToEnd.ms * 1000) / EVENTS,
    },
    heapMB: (heapAfter - heapBefore) / 1e6,
    machinesInState: state.machines.size,
  };
}

function measureSingleApply(state) {
  // Events that change a 100k-machine state in different places: each applied to the same base state.
  const clock = state.clock;
  const live = [...core.mapValues(state.machines)]
    .filter((m) => m.deletedAt === null && m.installs.length > 0)
    .slice(0, 2200);
  const samples = [];
  let n = 0;
  // The replays just before leave garbage and a half-done collection behind, which is
  // not the cost of an apply: collect first, warm up on 200 other machines, then take
  // five rounds over the same 2 000 machines (the median of 10 000 applies).
  gc();
  for (let round = 0; round < 5; round++) {
    for (const [i, machine] of live.entries()) {
      if (round > 0 && i < 200) continue;
      const install = machine.installs[0];
      const event = {
        type: 'Uninstalled',
        id: `bench-${++n}`,
        at: clock,
        poolId: install.poolId,
        machineId: machine.machineId,
      };
      const start = process.hrtime.bigint();
      const result = core.applyEvent(event)(state);
      if (i >= 200) samples.push(Number(process.hrtime.bigint() - start) / 1000);
      if (result.outcome.kind === 'rejected' && n < 3)
        console.log('  (sample rejected:', result.outcome.rejection.message, ')');
    }
  }
  return { median: median(samples), p95: pct(samples, 0.95), count: samples.length };
}

// The unkeyed 32-bit FNV-1a the tables hashed with before the seeded hash (issue F4), for comparison.
const fnv1a = (key) => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
};

/**
 * The cost of hardening against hostile logs (issue F4): the keyed table hash
 * against FNV-1a over the log's event and machine ids, the R-L5 body digest
 * (SHA-256 of the canonical body) per event, and a replay with a random seed.
 */
function measureHashing(events) {
  const keys = events.flatMap((e) => (e.machineId === undefined ? [e.id] : [e.id, e.machineId]));
  const seed = core.hashSeedOf(0x2545f491, 0x9e3779b9);
  const perKey = (fn) => {
    let sink = 0;
    const runs = [];
    for (let r = 0; r < 5; r++)
      runs.push(
        time(() => {
          for (const k of keys) sink ^= fn(k);
        }).ms,
      );
    if (sink === 0.5) console.log('');
    return (median(runs) * 1e6) / keys.length;
  };
  const fnv = perKey(fnv1a);
  const keyed = perKey((k) => core.keyedHash(seed, k));
  const digests = [];
  for (let r = 0; r < 3; r++)
    digests.push(
      time(() => {
        for (const e of events) core.bodyDigest(e);
      }).ms,
    );
  const seeded = time(() => core.replay({ hashSeed: seed })(events));
  return {
    fnv,
    keyed,
    digest: (median(digests) * 1000) / events.length,
    seededFold: (seeded.ms * 1000) / events.length,
  };
}

function countsOfPools(pools) {
  let total = 0;
  for (const pool of pools) total += installRemoveCountsOf(pool).applied + licenseManagerCountsOf(pool).used;
  return total;
}

function measureViews(state) {
  const atLast = [];
  for (let i = 0; i < 50; i++) atLast.push(time(() => countsOfPools(core.mapValues(state.pools))).ms);
  const yearLater = state.clock + 365 * DAY;
  const forecast = [];
  const advanced = [];
  for (let i = 0; i < 7; i++) {
    forecast.push(time(() => countsOfPools(core.forecastPools(yearLater)(state).right)).ms);
    if (i < 3)
      advanced.push(time(() => countsOfPools(core.mapValues(core.advanceTo(yearLater)(state).right.pools))).ms);
  }
  return { atLast: median(atLast), forecast: median(forecast), advanced: median(advanced), agenda: state.agenda.size };
}

console.log(`license-ledger bench: ${EVENTS.toLocaleString('en')} generated events per scale, node ${process.version}`);
measureScale(1_000); // warm-up: JIT and inline caches, not reported
const small = measureScale(1_000);
const large = measureScale(100_000);
for (const r of [small, large]) {
  console.log(
    `\n${r.machines.toLocaleString('en')} machines (${r.machinesInState.toLocaleString('en')} machine records; applied ${r.stats.applied}, rejected ${r.stats.rejected})`,
  );
  console.log(`  JSON.parse (baseline)      ${fmt(r.us.parse)} µs/event`);
  console.log(
    `  io-ts decode               ${fmt(r.us.decode)} µs/event  (${fmt(r.us.decode / r.us.parse)}× baseline)`,
  );
  console.log(`  replay (fold)              ${fmt(r.us.fold)} µs/event  (${fmt(r.us.fold / r.us.parse)}× baseline)`);
  console.log(
    `  split+parse+decode+replay  ${fmt(r.us.endToEnd)} µs/event  (${fmt(r.us.endToEnd / r.us.parse)}× baseline)`,
  );
  console.log(`  memory held by the state   ${fmt(r.heapMB, 1)} MB  (${fmt((r.heapMB * 1e6) / EVENTS, 0)} B/event)`);
  console.log(`  …without histories         ${fmt(r.leanMB, 1)} MB  (${fmt((r.leanMB * 1e6) / EVENTS, 0)} B/event)`);
}
const hashing = measureHashing(small.events);
console.log(`\nhash flooding defences (1k machines' log):`);
console.log(
  `  table hash per key: keyed HalfSipHash ${fmt(hashing.keyed, 0)} ns, unkeyed FNV-1a (before) ${fmt(hashing.fnv, 0)} ns (${fmt(hashing.keyed / hashing.fnv)}×)`,
);
console.log(
  `  R-L5 body digest (SHA-256 of the canonical body) ${fmt(hashing.digest)} µs/event (${fmt(hashing.digest / small.us.parse)}× baseline)`,
);
console.log(
  `  replay (fold) with a random-like seed ${fmt(hashing.seededFold)} µs/event against ${fmt(small.us.fold)} with the default seed`,
);
console.log(
  `\nratio 100k/1k machines: fold ${fmt(large.us.fold / small.us.fold)}×, end to end ${fmt(large.us.endToEnd / small.us.endToEnd)}×   (goal ≤ 3×)`,
);
const single = measureSingleApply(large.state);
console.log(
  `one immutable applyEvent on the 100k-machine state: median ${fmt(single.median, 1)} µs, p95 ${fmt(single.p95, 1)} µs over ${single.count} events   (goal median ≤ 20 µs)`,
);
const views = measureViews(large.state);
console.log(`Install/Remove + License Manager counts, every pool, 100k machines:`);
console.log(`  at the last event                         ${fmt(views.atLast, 3)} ms   (goal ≤ 5 ms)`);
console.log(
  `  one year later, forecastPools             ${fmt(views.forecast, 1)} ms   (goal ≤ 100 ms; ${views.agenda.toLocaleString('en')} agenda entries)`,
);
console.log(`  one year later, advanceTo (full state)    ${fmt(views.advanced, 1)} ms   (for comparison)`);
