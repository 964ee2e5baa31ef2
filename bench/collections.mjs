// pnpm bench:collections: the persistent map of core against immutable (Map, withMutations)
// and hamt_plus (mutate / transient), on the two shapes the ledger needs:
// - replay: 300 000 writes over 100 000 keys in one batch (core: one edit token;
//   immutable: withMutations; hamt_plus: beginMutation/endMutation), reads between;
// - single apply: one persistent write plus reads on a 100 000-entry map, the
//   state before kept (what applyEvent does per map it touches).
// Prints medians and ratios against core measured in the same run; asserts nothing.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// Reads core's unstable internal entry point too (the collections), as bench/run.mjs does.
const core = { ...require('../packages/core/dist/cjs/index.js'), ...require('../packages/core/dist/cjs/internal.js') };
const Immutable = require('immutable');
const hamt = require('hamt_plus');

const KEYS = 100_000;
const WRITES = 300_000;
const keys = Array.from({ length: KEYS }, (_, i) => `ws-${(i * 2654435761) % 1_000_003}`);
const value = (i) => ({ i });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const time = (fn) => {
  const start = process.hrtime.bigint();
  const out = fn();
  return { out, ms: Number(process.hrtime.bigint() - start) / 1e6 };
};

const impls = {
  core: {
    replay() {
      const edit = core.newEdit();
      let m = core.emptyMap();
      let hits = 0;
      for (let i = 0; i < WRITES; i++) {
        const k = keys[i % KEYS];
        if (core.getEntry(m, k) !== undefined) hits++;
        m = core.setEntry(m, k, value(i), edit);
      }
      core.retireEdit(edit);
      return [m, hits];
    },
    build: () => {
      const edit = core.newEdit();
      let m = core.emptyMap();
      for (let i = 0; i < KEYS; i++) m = core.setEntry(m, keys[i], value(i), edit);
      core.retireEdit(edit);
      return m;
    },
    single: (m, i) => {
      const k = keys[i % KEYS];
      const next = core.setEntry(m, k, value(i));
      return core.getEntry(next, keys[(i * 7) % KEYS]) !== undefined && core.getEntry(m, k) !== undefined;
    },
  },
  immutable: {
    replay() {
      let hits = 0;
      const m = Immutable.Map().withMutations((t) => {
        for (let i = 0; i < WRITES; i++) {
          const k = keys[i % KEYS];
          if (t.get(k) !== undefined) hits++;
          t.set(k, value(i));
        }
      });
      return [m, hits];
    },
    build: () =>
      Immutable.Map().withMutations((t) => {
        for (let i = 0; i < KEYS; i++) t.set(keys[i], value(i));
      }),
    single: (m, i) => {
      const k = keys[i % KEYS];
      const next = m.set(k, value(i));
      return next.get(keys[(i * 7) % KEYS]) !== undefined && m.get(k) !== undefined;
    },
  },
  hamt_plus: {
    replay() {
      let hits = 0;
      let t = hamt.make().beginMutation();
      for (let i = 0; i < WRITES; i++) {
        const k = keys[i % KEYS];
        if (t.get(k) !== undefined) hits++;
        t = t.set(k, value(i));
      }
      return [t.endMutation(), hits];
    },
    build: () => {
      let t = hamt.make().beginMutation();
      for (let i = 0; i < KEYS; i++) t = t.set(keys[i], value(i));
      return t.endMutation();
    },
    single: (m, i) => {
      const k = keys[i % KEYS];
      const next = m.set(k, value(i));
      return next.get(keys[(i * 7) % KEYS]) !== undefined && m.get(k) !== undefined;
    },
  },
};

const results = {};
for (const name of Object.keys(impls)) results[name] = { replay: [], single: [] };
// Interleaved rounds, so load from other processes falls on every library alike.
for (let round = 0; round < 5; round++) {
  for (const [name, impl] of Object.entries(impls)) {
    const r = time(() => impl.replay());
    if (r.out[1] !== WRITES - KEYS) throw new Error(`${name}: replay read ${r.out[1]} hits`);
    results[name].replay.push(r.ms);
    const base = impl.build();
    for (let i = 0; i < 2000; i++) impl.single(base, i); // warm-up
    const samples = [];
    for (let i = 0; i < 20_000; i++) {
      const start = process.hrtime.bigint();
      impl.single(base, i);
      samples.push(Number(process.hrtime.bigint() - start) / 1000);
    }
    results[name].single.push(median(samples));
  }
}
console.log(
  `persistent maps, ${KEYS.toLocaleString('en')} keys, node ${process.version}; median of 5 interleaved rounds`,
);
const base = { replay: median(results.core.replay), single: median(results.core.single) };
for (const [name, r] of Object.entries(results)) {
  const replay = median(r.replay);
  const single = median(r.single);
  console.log(
    `  ${name.padEnd(10)} replay ${WRITES.toLocaleString('en')} writes ${replay.toFixed(0).padStart(6)} ms (${(replay / base.replay).toFixed(2)}× core)` +
      `   single write + 2 reads ${single.toFixed(2)} µs (${(single / base.single).toFixed(2)}× core)`,
  );
}
