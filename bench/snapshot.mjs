// pnpm bench:snapshot: snapshot write/read at 100k machines, bytes per machine and per
// license, and resuming a 1M-event log from a snapshot of its first 90 % against one
// full replay measured in the same run. Prints figures and ratios; asserts nothing.
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { generateLog } from './generate.mjs';

const require = createRequire(import.meta.url);
// Reads core's unstable internal entry point too (the collections), as bench/run.mjs does.
const core = { ...require('../packages/core/dist/cjs/index.js'), ...require('../packages/core/dist/cjs/internal.js') };
// Node's native CRC-32, which the CLI and the store pass to toSnapshot and fromSnapshot.
const { fastestCrc32 } = require('../packages/core/dist/cjs/node/index.js');

const MACHINES = Number(process.env.BENCH_MACHINES ?? 100_000);
const STATE_EVENTS = Number(process.env.BENCH_EVENTS ?? 300_000);
const LOG_EVENTS = Number(process.env.BENCH_RESUME_EVENTS ?? 1_000_000);
const gc = globalThis.gc ?? (() => {});
const fmt = (n, digits = 1) => n.toFixed(digits);

const time = (fn) => {
  const start = process.hrtime.bigint();
  const value = fn();
  return { value, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};
/** Holds the main thread still for `ms` (no timer, no event loop: the bench is synchronous). */
const pause = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
/**
 * Median of `runs` timed calls after one untimed warm-up, with a collection before each. `settled`: a pause of
 * SETTLE_MS after each collection, so that the collector's concurrent sweeping is over before the call starts. Right
 * after a collection, the sweeping of its pages runs on the other core and in the main thread's allocations; it
 * slowed a walk of the machines by up to 2× (nineteenth session). A process that writes or reads one snapshot
 * without collecting first (the CLI) does not pay it; the bench's first figure does.
 */
const SETTLE_MS = 200;
const medianOf = (runs, fn, settled = false) => {
  fn();
  const ms = [];
  let value;
  for (let i = 0; i < runs; i++) {
    gc();
    if (settled) pause(SETTLE_MS);
    const t = time(fn);
    ms.push(t.ms);
    value = t.value;
  }
  ms.sort((a, b) => a - b);
  return { value, ms: ms[Math.floor(ms.length / 2)] };
};
const decodeAll = (lines) => lines.map((line) => core.decodeEvent(JSON.parse(line)).right);
const section = (info, name) => info.sections.find((s) => s.name === name);

/** Reads every field of the machines, installs and licenses that toSnapshot reads, and writes nothing. */
const walk = (state) => {
  let n = 0;
  const texts = (history) => {
    n += history.length;
    if (history.length > 0)
      for (const change of core.historyToArray(history))
        n += (change.eventId?.length ?? 0) + (change.what?.length ?? 0);
  };
  core.forEachEntry(state.machines, (m) => {
    n += m.machineId.length + m.incarnation + m.groupId.length + (m.deletedAt ?? 0) + (m.avRemovedAt ?? 0);
    for (const i of m.installs) n += i.licenseId.length + i.queue.length + i.since + i.poolId.length + i.status.length;
    texts(m.history);
  });
  core.forEachEntry(state.licenses, (l) => {
    n += l.licenseId.length + l.poolId.length + l.number + l.status.length + (l.machineId?.length ?? 0);
    n += (l.startAt ?? 0) + (l.endAt ?? 0) + (l.termDays ?? 0) + (l.daysLeft ?? 0);
    texts(l.history);
  });
  return n;
};

console.log(
  `license-ledger bench:snapshot, node ${process.version}, load average ${loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`,
);

// 1. Write and read a state of MACHINES machines.
let events = decodeAll(generateLog({ machines: MACHINES, events: STATE_EVENTS, seed: 7 }));
for (const history of ['none', 'full']) {
  gc();
  const built = time(() => core.replay({ history })(events));
  const state = built.value.state;
  const write = medianOf(5, () => core.toSnapshot(state));
  const bytes = write.value;
  const read = medianOf(5, () => core.fromSnapshot(bytes));
  if (read.value._tag !== 'Right') throw new Error(read.value.left.message);
  const writeSettled = medianOf(5, () => core.toSnapshot(state), true);
  const readSettled = medianOf(5, () => core.fromSnapshot(bytes), true);
  const native = { crc32: fastestCrc32 };
  const writeNative = medianOf(5, () => core.toSnapshot(state, native));
  const readNative = medianOf(5, () => core.fromSnapshot(bytes, native));
  // Baseline in the same run: the same records as plain JSON (what JSON.stringify/parse of them costs).
  const plain = () =>
    JSON.stringify({
      clock: state.clock,
      pools: [...core.mapValues(state.pools)].map((p) => ({
        ...p,
        returned: core.heapValues(p.returned),
        partials: core.heapValues(p.partials),
        groups: [...core.mapEntries(p.groups)],
      })),
      licenses: [...core.mapValues(state.licenses)].map((l) => ({ ...l, history: core.historyToArray(l.history) })),
      machines: [...core.mapValues(state.machines)].map((m) => ({ ...m, history: core.historyToArray(m.history) })),
      ids: (() => {
        const ids = [];
        core.forEachIdHash(state.appliedIds, (id, digest) => ids.push(id, digest));
        return ids;
      })(),
    });
  const json = medianOf(5, plain);
  const parsed = medianOf(5, () => JSON.parse(json.value));
  // Floors in the same run: reading every field toSnapshot reads (the records walked, nothing written: what touching
  // them costs), and the platform's own copy of the same plain records (structuredClone: every object made again).
  const walked = medianOf(5, () => walk(state));
  const records = JSON.parse(json.value);
  const cloned = medianOf(3, () => globalThis.structuredClone(records));
  const info = core.snapshotInfo(bytes).right;
  const machines = section(info, 'machines');
  const licenses = section(info, 'licenses');
  const ids = section(info, 'appliedIds');
  console.log(
    `\n${state.machines.size.toLocaleString('en')} machines, ${state.licenses.size.toLocaleString('en')} licenses, ${state.appliedIds.size.toLocaleString('en')} applied ids; histories: ${history}`,
  );
  console.log(`  toSnapshot                ${fmt(write.ms)} ms   (goal ≤ 100 ms; a collection right before each call)`);
  console.log(`  fromSnapshot              ${fmt(read.ms)} ms   (goal ≤ 100 ms; a collection right before each call)`);
  console.log(
    `  the same, its sweeping over: toSnapshot ${fmt(writeSettled.ms)} ms, fromSnapshot ${fmt(readSettled.ms)} ms   (a collection, then ${SETTLE_MS} ms before each call)`,
  );
  console.log(
    `  with Node's CRC-32 (crc32: fastestCrc32, as the CLI and the store): toSnapshot ${fmt(writeNative.ms)} ms, fromSnapshot ${fmt(readNative.ms)} ms   (a collection right before each call)`,
  );
  console.log(
    `  baseline: JSON.stringify of the same records ${fmt(json.ms)} ms (toSnapshot ${fmt(write.ms / json.ms, 2)}×), JSON.parse ${fmt(parsed.ms)} ms (fromSnapshot ${fmt(read.ms / parsed.ms, 2)}×), ${fmt(json.value.length / 1e6, 2)} MB`,
  );
  console.log(
    `  floors: a walk of every field toSnapshot reads ${fmt(walked.ms)} ms (toSnapshot ${fmt(write.ms / walked.ms, 2)}×); structuredClone of the same records ${fmt(cloned.ms)} ms (fromSnapshot ${fmt(read.ms / cloned.ms, 2)}×)`,
  );
  console.log(
    `  (the replay that built it  ${fmt(built.ms)} ms: fromSnapshot is ${fmt(read.ms / built.ms, 2)}× of it)`,
  );
  console.log(`  snapshot size             ${fmt(bytes.length / 1e6, 2)} MB`);
  console.log(
    `  bytes per machine         ${fmt(machines.bytes / machines.records)}   (machines section / machine records)`,
  );
  console.log(
    `  bytes per license         ${fmt(licenses.bytes / licenses.records)}   (licenses section / license records)`,
  );
  console.log(`  bytes per applied id      ${fmt(ids.bytes / ids.records)}`);
  console.log(
    `  sections                  ${info.sections.map((s) => `${s.name} ${fmt(s.bytes / 1e6, 2)} MB`).join(', ')}`,
  );
}
events = null; // section 2 holds none of section 1's records

// 2. Resume a LOG_EVENTS log from a snapshot of its first 90 %. The full replay is pushed as `replay` pushes
// it, the time of its last 10 % taken apart. Each timed phase holds only what a process
// doing that job would hold: the other phases' states are dropped and collected before it starts (a state
// left alive makes every later collection mark it: it once added a third to the resumed replay's time).
const lines = generateLog({ machines: MACHINES, events: LOG_EVENTS, seed: 11 });
const cut = Math.floor(lines.length * 0.9);
const tailLines = lines.slice(cut);
const countsOf = (state) =>
  JSON.stringify(core.listPools(state).map((pool) => [pool.poolId, pool.counts, pool.nextFresh]));
const { snapshot, headApplied } = (() => {
  const head = core.replay({ history: 'none' })(decodeAll(lines.slice(0, cut)));
  return { snapshot: core.toSnapshot(head.state), headApplied: head.stats.applied };
})();
/** Times `run`, then keeps only the applied count and the pools' counts of its result. */
const timedOutcome = (run) => {
  gc();
  const { value, ms } = time(run);
  return { ms, applied: value.stats.applied, counts: countsOf(value.state) };
};
const ROUNDS = 2;
const fulls = [];
const resumes = [];
const reads = [];
/** The same resume through `replayerFromSnapshot`: the snapshot's records read into the replay's own maps. */
const owned = [];
/** The last 10 % inside each full replay (decoded and pushed after the first 90 %): what a resumed tail costs at best. */
const tailsInFull = [];
for (let round = 0; round < ROUNDS; round++) {
  fulls.push(
    timedOutcome(() => {
      const replayer = core.createReplayer({ history: 'none' });
      for (const event of decodeAll(lines.slice(0, cut))) replayer.push(event);
      const start = process.hrtime.bigint();
      for (const event of decodeAll(tailLines)) replayer.push(event);
      const result = replayer.result();
      tailsInFull.push(Number(process.hrtime.bigint() - start) / 1e6);
      return result;
    }),
  );
  resumes.push(
    timedOutcome(() => {
      const read = time(() => core.fromSnapshot(snapshot));
      reads.push(read.ms);
      const from = read.value;
      if (from._tag !== 'Right') throw new Error(from.left.message);
      return core.replay({ history: 'none', from: from.right })(decodeAll(tailLines));
    }),
  );
  owned.push(
    timedOutcome(() => {
      const replayer = core.replayerFromSnapshot(snapshot, { history: 'none' });
      if (replayer._tag !== 'Right') throw new Error(replayer.left.message);
      for (const event of decodeAll(tailLines)) replayer.right.push(event);
      return replayer.right.result();
    }),
  );
}
for (let round = 0; round < ROUNDS; round++) {
  if (resumes[round].applied + headApplied !== fulls[round].applied)
    throw new Error('the resumed replay applied other events than the full one');
  if (resumes[round].counts !== fulls[round].counts)
    throw new Error('the resumed replay ends with other counts than the full one');
  if (owned[round].applied !== resumes[round].applied || owned[round].counts !== resumes[round].counts)
    throw new Error('replayerFromSnapshot ended otherwise than fromSnapshot and a replay from its state');
}
const sum = (xs) => xs.reduce((a, b) => a + b, 0);
const full = { ms: sum(fulls.map((f) => f.ms)) / ROUNDS };
const resumed = { ms: sum(resumes.map((r) => r.ms)) / ROUNDS };
const readMs = sum(reads) / ROUNDS;
console.log(
  `\n${LOG_EVENTS.toLocaleString('en')}-event log (${MACHINES.toLocaleString('en')} machines), histories: none; parse + decode + replay; mean of ${ROUNDS} interleaved rounds`,
);
console.log(
  `  rounds (full / resumed ms)                   ${fulls.map((f, i) => `${fmt(f.ms, 0)} / ${fmt(resumes[i].ms, 0)}`).join(', ')}`,
);
console.log(`  full replay                                  ${fmt(full.ms, 0)} ms`);
console.log(`  snapshot of the first 90 %                   ${fmt(snapshot.length / 1e6, 2)} MB`);
console.log(
  `  fromSnapshot + replay of the last 10 %       ${fmt(resumed.ms, 0)} ms   (${fmt((resumed.ms / full.ms) * 100)} % of the full replay; goal ≤ 15 %)`,
);
console.log(
  `    of which fromSnapshot                     ${fmt(readMs, 0)} ms   (${fmt((readMs / full.ms) * 100)} %), parse + decode + replay of the last 10 % ${fmt(resumed.ms - readMs, 0)} ms (${fmt(((resumed.ms - readMs) / full.ms) * 100)} %)`,
);
const inFullMs = sum(tailsInFull) / ROUNDS;
console.log(
  `  the last 10 % inside the full replay          ${fmt(inFullMs, 0)} ms   (${fmt((inFullMs / full.ms) * 100)} %: what the tail of a resume costs at best)`,
);
const ownedMs = sum(owned.map((r) => r.ms)) / ROUNDS;
console.log(
  `  replayerFromSnapshot + the last 10 %         ${fmt(ownedMs, 0)} ms   (${fmt((ownedMs / full.ms) * 100)} % of the full replay; rounds ${owned.map((r) => fmt(r.ms, 0)).join(', ')})`,
);
