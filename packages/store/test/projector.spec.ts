import { spawn } from 'node:child_process';
import * as path from 'node:path';
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { decodeEvent, type LedgerEvent, replay } from '@license-ledger/core';
import { faultyHistory } from '@license-ledger/testing';
import type { Backend } from '../src/backend/sql';
import { postgresBackend } from '../src/backend/postgres-backend';
import { poolCountsRows } from '../src/pool-rows';
import { createProjector, type ProjectedBatch, projectedCounts } from '../src/projector';
import { createStore, type EventStore } from '../src/store';
import { BACKENDS, newDatabase, usePostgres } from './support/backends';
import { install, ledgerEvents, purchase } from './support/events';
import { right } from './support/right';

// Each run appends to a real database: at most 10 runs, whatever LEDGER_NUM_RUNS asks (the seed is the suite's).
const numRuns = Math.min(fc.readConfigureGlobal().numRuns ?? 100, 10);

const server = usePostgres();

/** What a fresh replay of everything stored says: the pool rows and the problems. */
const freshReplay = async (store: EventStore, ledgerId: string) => {
  const rows = await store.backend.query<{ version: number; body: string }>(
    'SELECT version, body FROM events WHERE ledger_id = $1 ORDER BY version',
    [ledgerId],
  );
  const result = replay({ mode: 'lenient', history: 'none' })(
    rows.map((row) => ({
      line: Number(row.version),
      event: (decodeEvent(JSON.parse(row.body)) as E.Right<LedgerEvent>).right,
    })),
  );
  return {
    version: rows.length,
    pools: poolCountsRows(result.state),
    problems: result.problems.map((p) => ({ version: p.line, eventId: p.eventId, rule: p.rule, message: p.message })),
  };
};

const projected = async (backend: Backend, ledgerId: string) => {
  const counts = await projectedCounts(backend, ledgerId);
  const problems = await backend.query<{ version: number; event_id: string; rule: string; message: string }>(
    'SELECT version, event_id, rule, message FROM ledger_problems WHERE ledger_id = $1 ORDER BY version',
    [ledgerId],
  );
  return {
    version: counts.version,
    pools: counts.pools,
    problems: problems.map((p) => ({
      version: Number(p.version),
      eventId: p.event_id,
      rule: p.rule,
      message: p.message,
    })),
  };
};

const waitFor = async (check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> => {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

describe.each(BACKENDS)('createProjector on %s', (kind) => {
  let store: EventStore;
  beforeAll(async () => {
    store = createStore((await newDatabase(kind)).backend);
  }, 120_000);
  afterAll(() => store.close());

  it(`property: after every append and catch-up, pool_counts and ledger_problems equal a fresh replay`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        faultyHistory({ maxFaults: 3, maxPools: 3 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 4 }),
        async (history, chunk, batchSize) => {
          const ledgerId = `prop-${run++}`;
          const projector = createProjector(store.backend, { batchSize });
          const refused = new Set(
            history.faults
              .filter((f) => ['duplicate-other-body', 'bad-field', 'truncated'].includes(f.fault))
              .map((f) => f.line),
          );
          const raws = history.lines.flatMap((text, i) => (refused.has(i + 1) ? [] : [JSON.parse(text) as unknown]));
          for (let start = 0; start < raws.length; start += chunk) {
            right(await store.append(ledgerId, raws.slice(start, start + chunk), { expectedVersion: 'any' })());
            await projector.catchUp();
            expect(await projected(store.backend, ledgerId)).toEqual(await freshReplay(store, ledgerId));
          }
        },
      ),
      { numRuns },
    );
  }, 300_000);

  it('a batch that fails before its commit leaves counts, problems and checkpoint as they were; the next run projects it once', async () => {
    right(await store.append('fails', ledgerEvents('f', 40), { expectedVersion: 0 })());
    const failing = createProjector(store.backend, {
      batchSize: 15,
      beforeCommit: (batch) => {
        if (batch.fromVersion > 15) throw new Error('crash inside the batch');
      },
    });
    await expect(failing.catchUp()).rejects.toThrow('crash inside the batch');
    const afterCrash = await projected(store.backend, 'fails');
    expect(afterCrash.version).toBe(15);
    await createProjector(store.backend, { batchSize: 15 }).catchUp();
    expect(await projected(store.backend, 'fails')).toEqual(await freshReplay(store, 'fails'));
  });

  it('started, it wakes on each append and the new count becomes visible', async () => {
    right(await store.append('live', [purchase('p1', 0, 5)], { expectedVersion: 0 })());
    const projector = createProjector(store.backend, { pollMs: 60_000 });
    projector.start();
    try {
      await waitFor(async () => (await projectedCounts(store.backend, 'live')).version === 1);
      right(await store.append('live', [install('i1', 1, 'ws-1')], { expectedVersion: 1 })());
      // The poll interval is a minute: only the notification can wake it in time.
      await waitFor(async () => (await projectedCounts(store.backend, 'live')).pools[0]?.applied === 1, 10_000);
      expect(await projected(store.backend, 'live')).toEqual(await freshReplay(store, 'live'));
    } finally {
      await projector.stop();
    }
  });
});

describe('createProjector on postgres, several processes', () => {
  let url: string;
  let store: EventStore;
  beforeAll(async () => {
    const db = await newDatabase('postgres');
    url = db.url as string;
    store = createStore(db.backend);
  }, 120_000);
  afterAll(() => store.close());

  it('two projectors never process the same ledger at once, and every version is projected exactly once', async () => {
    const ledgers = ['a', 'b', 'c', 'd'];
    for (const id of ledgers) right(await store.append(`two-${id}`, ledgerEvents(id, 600), { expectedVersion: 0 })());
    const active = new Map<string, number>();
    const overlaps: string[] = [];
    const batches: (ProjectedBatch & { by: number })[] = [];
    const projectorOn = async (by: number) => {
      const backend = await postgresBackend(url);
      const projector = createProjector(backend, {
        batchSize: 50,
        beforeCommit: async (batch) => {
          const holder = active.get(batch.ledgerId);
          if (holder !== undefined) overlaps.push(`${batch.ledgerId}: ${holder} and ${by}`);
          active.set(batch.ledgerId, by);
          // Hold the batch open a little so the other projector runs into it if it can.
          await new Promise((resolve) => setTimeout(resolve, 5));
          active.delete(batch.ledgerId);
          batches.push({ ...batch, by });
        },
      });
      return { backend, projector };
    };
    const both = await Promise.all([projectorOn(1), projectorOn(2)]);
    await Promise.all(both.map(({ projector }) => projector.catchUp()));
    await Promise.all(both.map(({ backend }) => backend.close()));
    expect(overlaps).toEqual([]);
    expect(new Set(batches.map((b) => b.by))).toEqual(new Set([1, 2]));
    for (const id of ledgers) {
      const covered = batches.filter((b) => b.ledgerId === `two-${id}`).sort((x, y) => x.fromVersion - y.fromVersion);
      // Contiguous, no version twice: 1–50, 51–100, … 551–600.
      expect(covered.map((b) => [b.fromVersion, b.toVersion])).toEqual(
        Array.from({ length: 12 }, (_, i) => [i * 50 + 1, i * 50 + 50]),
      );
      expect(await projected(store.backend, `two-${id}`)).toEqual(await freshReplay(store, `two-${id}`));
    }
  }, 120_000);

  it('a projector killed (SIGKILL) in the middle of a batch and restarted ends with counts equal to a fresh replay', async () => {
    for (const id of ['k1', 'k2'])
      right(await store.append(`kill-${id}`, ledgerEvents(id, 2000), { expectedVersion: 0 })());
    const child = spawn(
      process.execPath,
      ['--conditions=source', path.join(__dirname, 'support', 'projector-child.cjs'), url, '5'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk) => (err += String(chunk)));
    const paused = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        out += String(chunk);
        const line = /paused .*\n/.exec(out);
        if (line !== null) resolve(line[0]);
      });
      child.on('exit', (code) => reject(new Error(`child exited (${code}) before pausing: ${err}`)));
    });
    const [, ledgerId, from] = paused.trim().split(' ') as [string, string, string, string];
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // The killed batch wrote counts, problems and its checkpoint, but never committed: none of it is there.
    expect((await projectedCounts(store.backend, ledgerId)).version).toBe(Number(from) - 1);
    await createProjector(store.backend, { batchSize: 500 }).catchUp();
    for (const id of ['k1', 'k2'])
      expect(await projected(store.backend, `kill-${id}`)).toEqual(await freshReplay(store, `kill-${id}`));
  }, 120_000);

  it('the database restarted under a running projector: it reconnects and catches up', async () => {
    right(await store.append('restart', ledgerEvents('s', 100), { expectedVersion: 0 })());
    const backend = await postgresBackend(url);
    const errors: unknown[] = [];
    const projector = createProjector(backend, { pollMs: 60_000, onError: (error) => errors.push(error) });
    projector.start();
    try {
      await waitFor(async () => (await projectedCounts(store.backend, 'restart')).version === 100);
      await server().restart({ downMs: 300 });
      // The writer's pooled connections died with the server: an append may fail once, then goes through.
      const more = ledgerEvents('s', 250).slice(100);
      // A retry of an append that did commit is a no-op (its events are exact repeats), so retrying is safe.
      await waitFor(async () => E.isRight(await store.append('restart', more, { expectedVersion: 100 })()));
      await waitFor(async () => (await projectedCounts(store.backend, 'restart')).version === 250, 30_000);
      expect(await projected(store.backend, 'restart')).toEqual(await freshReplay(store, 'restart'));
    } finally {
      await projector.stop();
      await backend.close();
    }
  }, 120_000);
});
