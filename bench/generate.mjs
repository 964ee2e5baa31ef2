import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
// A deterministic synthetic audit log: same arguments, same bytes (seeded PRNG, fixed clock).
const DAY = 86_400_000;

const mulberry32 = (seed) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * `events` lines over `years` years (two by default) for `machines` machines in
 * `pools` pools (4 in 5 KES, the rest BUDR). Installs, uninstalls, extensions,
 * returns, auto-extend, agent deletions with recovery runs; roughly what an MSP's
 * console sees. Every pool is bought at the start and, when `renewYearly`, bought
 * again each year. A generator: a log of any size is written without holding it.
 */
export function* generateLines({ machines, events, pools = 50, seed = 1, years = 2, renewYearly = false }) {
  const random = mulberry32(seed);
  const pick = (n) => Math.floor(random() * n);
  const start = Date.UTC(2024, 0, 1);
  const span = years * 365 * DAY;
  let id = 0;
  const line = (at, { type, ...fields }) => JSON.stringify({ type, id: `e${++id}`, at: iso(at), ...fields });
  const poolIds = Array.from({ length: pools }, (_, i) => `pool-${String(i).padStart(3, '0')}`);
  const moduleOf = (p) => (p % 5 === 4 ? 'BUDR' : 'KES');
  const perPool = Math.ceil((machines * 4) / pools) + 10;
  const purchases = (at) =>
    poolIds.map((poolId, p) => line(at, { type: 'LicensePurchased', poolId, module: moduleOf(p), quantity: perPool }));
  const pending = purchases(start);
  // Each machine belongs to one pool and one of 20 groups; state kept only to make most events valid.
  const installed = new Uint8Array(machines);
  const generation = new Uint32Array(machines);
  const queued = new Uint8Array(machines);
  let at = start;
  let nextRenewal = start + 365 * DAY;
  const step = span / events;
  const push = (when, event) => pending.push(line(when, event));
  let emitted = 0;
  while (emitted < events) {
    for (const text of pending) yield text;
    emitted += pending.length;
    pending.length = 0;
    if (emitted >= events) break;
    at += step;
    if (renewYearly && at >= nextRenewal) {
      pending.push(...purchases(nextRenewal));
      nextRenewal += 365 * DAY;
    }
    const m = pick(machines);
    const p = m % pools;
    const poolId = poolIds[p];
    const machineId = `m-${m}-${generation[m]}`;
    const groupId = `group-${m % 20}`;
    const roll = random();
    if (!installed[m]) {
      if (moduleOf(p) === 'KES') {
        if (roll < 0.3) push(at, { type: 'InstallRequested', poolId, machineId, groupId });
        push(at, { type: 'KesInstalled', poolId, machineId, groupId });
      } else push(at, { type: 'ModuleInstalled', poolId, machineId, groupId });
      installed[m] = 1;
    } else if (roll < 0.35) {
      push(at, { type: 'Uninstalled', poolId, machineId });
      installed[m] = 0;
      queued[m] = 0;
    } else if (roll < 0.55 && moduleOf(p) === 'KES') {
      push(at, { type: 'Extended', poolId, machineId });
      queued[m] += 1;
    } else if (roll < 0.65 && queued[m] > 0) {
      push(at, { type: 'Returned', poolId, machineId });
      queued[m] -= 1;
    } else if (roll < 0.75 && moduleOf(p) === 'KES') {
      push(at, { type: 'AutoExtendSet', poolId, machineId, enabled: roll < 0.72 });
    } else if (roll < 0.8) {
      push(at, { type: 'AvUninstalledByUser', machineId });
    } else if (roll < 0.83) {
      push(at, { type: 'AgentDeleted', machineId });
      installed[m] = 0;
      queued[m] = 0;
      generation[m] += 1;
    } else if (roll < 0.835) {
      push(at, { type: 'RecoveryRun' });
    } else {
      push(at, { type: 'Uninstalled', poolId, machineId });
      installed[m] = 0;
      queued[m] = 0;
    }
  }
}

/** The whole log as an array of lines (small logs: tests and the speed bench). */
export const generateLog = (options) => [...generateLines(options)];

/**
 * Writes a generated log to `file` in 1 MiB chunks, never holding it whole; it goes to
 * `file.partial` first and is renamed when complete, so an interrupted run leaves no half log.
 */
export const writeLogFile = (file, options) => {
  const partial = `${file}.partial`;
  const fd = openSync(partial, 'w');
  let chunk = '';
  for (const line of generateLines(options)) {
    chunk += line + '\n';
    if (chunk.length > 1 << 20) {
      writeSync(fd, chunk);
      chunk = '';
    }
  }
  writeSync(fd, chunk);
  closeSync(fd);
  renameSync(partial, file);
};
