import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { type LogEntry, replay, replayAsync } from '@license-ledger/core';
import { faultyHistory, ledgerFingerprint } from '@license-ledger/testing';
import type { Backend } from '../src/backend/sql';
import { COPY_ROWS } from '../src/append';
import { createStore, type EventStore } from '../src/store';
import { BACKENDS, newDatabase, openTestStore, usePostgres } from './support/backends';
import { install, ledgerEvents, purchase, uninstall } from './support/events';
import { decoded, right } from './support/right';
import { rejectedIds, storedRows } from './support/rows';

// Each run appends to a real database: at most 12 runs, whatever LEDGER_NUM_RUNS asks (the seed is the suite's).
const numRuns = Math.min(fc.readConfigureGlobal().numRuns ?? 100, 12);

usePostgres();

const collect = async (batches: AsyncIterable<readonly LogEntry[]>): Promise<LogEntry[]> => {
  const out: LogEntry[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
};

/**
 * `backend` with each transaction's statements recorded in `statements`, one list per
 * transaction: what `note` names for a query and for a COPY (given its data); unnamed ones are not recorded.
 */
const recordingBackend = (
  backend: Backend,
  statements: string[][],
  note: { readonly query?: () => string; readonly copy?: (data: string) => string },
): Backend => ({
  ...backend,
  transaction: (work) =>
    backend.transaction((tx) => {
      const seen: string[] = [];
      statements.push(seen);
      return work({
        query: (text, params) => {
          if (note.query !== undefined) seen.push(note.query());
          return tx.query(text, params);
        },
        script: (text) => tx.script(text),
        copyIn: (table, columns, data) => {
          if (note.copy !== undefined) seen.push(note.copy(data));
          return tx.copyIn(table, columns, data);
        },
      });
    }),
});

describe.each(BACKENDS)('createStore on %s', (kind) => {
  let store: EventStore;
  beforeAll(async () => {
    store = await openTestStore(kind);
  }, 120_000);
  afterAll(() => store.close());

  describe('append', () => {
    it('appends to a new ledger at expected version 0 and numbers the events 1, 2, 3', async () => {
      const result = right(
        await store.append('new', [purchase('p1', 0), install('i1', 1, 'ws-1')], { expectedVersion: 0 })(),
      );
      expect(result).toEqual({
        ledgerId: 'new',
        version: 2,
        repeats: 0,
        stored: [
          { version: 1, eventId: 'p1', outcome: 'applied' },
          { version: 2, eventId: 'i1', outcome: 'applied' },
        ],
      });
      expect(right(await store.version('new')())).toBe(2);
      const next = right(await store.append('new', [install('i2', 2, 'ws-2')], { expectedVersion: 2 })());
      expect(next.stored).toEqual([{ version: 3, eventId: 'i2', outcome: 'applied' }]);
    });

    it('a stale expected version is a VersionConflict and writes nothing', async () => {
      right(await store.append('stale', [purchase('p1', 0)], { expectedVersion: 0 })());
      const conflict = await store.append('stale', [install('i1', 1, 'ws-1')], { expectedVersion: 0 })();
      expect(conflict).toEqual(
        E.left(
          expect.objectContaining({ _tag: 'VersionConflict', ledgerId: 'stale', expectedVersion: 0, actualVersion: 1 }),
        ),
      );
      expect(await storedRows(store, 'stale')).toHaveLength(1);
      expect(right(await store.version('stale')())).toBe(1);
    });

    it('R-L5: an exact repeat of stored events is a no-op, even at the old expected version (a retried append)', async () => {
      const events = [purchase('p1', 0), install('i1', 1, 'ws-1')];
      right(await store.append('retry', events, { expectedVersion: 0 })());
      // Keys in another order and the instant spelled with milliseconds: the same event for the ledger.
      const reordered = [
        {
          quantity: 10,
          module: 'KES',
          poolId: 'kes',
          at: '2025-01-01T00:00:00.000Z',
          id: 'p1',
          type: 'LicensePurchased',
        },
        events[1],
      ];
      const again = right(await store.append('retry', reordered, { expectedVersion: 0 })());
      expect(again).toEqual({ ledgerId: 'retry', version: 2, stored: [], repeats: 2 });
      expect(await storedRows(store, 'retry')).toHaveLength(2);
    });

    it('R-L5: repeats mixed with new events store only the new ones', async () => {
      right(await store.append('mixed', [purchase('p1', 0)], { expectedVersion: 0 })());
      const result = right(
        await store.append('mixed', [purchase('p1', 0), install('i1', 1, 'ws-1')], { expectedVersion: 1 })(),
      );
      expect(result.stored).toEqual([{ version: 2, eventId: 'i1', outcome: 'applied' }]);
      expect(result.repeats).toBe(1);
    });

    it('R-L5: a stored id with a different body is refused and nothing is written', async () => {
      right(await store.append('reuse', [purchase('p1', 0)], { expectedVersion: 0 })());
      const refused = await store.append('reuse', [install('i1', 1, 'ws-1'), purchase('p1', 0, 99)], {
        expectedVersion: 1,
      })();
      expect(refused).toEqual(E.left(expect.objectContaining({ _tag: 'IdReused', eventId: 'p1', storedVersion: 1 })));
      expect(await storedRows(store, 'reuse')).toHaveLength(1);
    });

    it('R-L5: one id twice in one append with different bodies is refused', async () => {
      const refused = await store.append('twice', [purchase('p1', 0), purchase('p1', 0, 5)], { expectedVersion: 0 })();
      expect(refused).toEqual(
        E.left(expect.objectContaining({ _tag: 'IdReused', eventId: 'p1', storedVersion: null })),
      );
      expect(right(await store.ledgers()()).map((l) => l.ledgerId)).not.toContain('twice');
    });

    it('R-L2: events the codecs refuse are named by index and field, and nothing is written', async () => {
      const refused = await store.append(
        'invalid',
        [purchase('p1', 0), { ...purchase('p2', 0), quantity: 0 }, { type: 'Nope', id: 'x', at: 'soon' }],
        { expectedVersion: 0 },
      )();
      expect(E.isLeft(refused) && refused.left._tag === 'InvalidEvents' ? refused.left.events : null).toEqual([
        { index: 1, eventId: 'p2', message: 'quantity: expected an integer from 1 to 1000000000, got 0' },
        { index: 2, eventId: 'x', message: 'type: expected a known event type, got "Nope"' },
      ]);
      expect(right(await store.version('invalid')())).toBe(0);
    });

    it('an event given as its JSON text (a log line) is parsed as a log line, decoded once and stored as written', async () => {
      const line =
        '{"type":"LicensePurchased", "id":"p1","at":"2025-01-01T00:00:00Z","poolId":"kes","module":"KES","quantity":10}';
      const result = right(await store.append('texts', [line, install('i1', 1, 'ws-1')], { expectedVersion: 0 })());
      expect(result.stored.map((s) => s.outcome)).toEqual(['applied', 'applied']);
      const [row] = await store.backend.query<{ body: string }>(
        "SELECT body FROM events WHERE ledger_id = 'texts' AND version = 1",
      );
      expect(row?.body).toBe(line);
      const refused = await store.append('texts', ['{"type":', '{"a":1,"a":2}'], { expectedVersion: 2 })();
      expect(E.isLeft(refused) && refused.left._tag === 'InvalidEvents' ? refused.left.events : null).toEqual([
        { index: 0, eventId: null, message: expect.stringMatching(/^not valid JSON/) as unknown },
        { index: 1, eventId: null, message: 'a: expected each key once per object, got it twice' },
      ]);
    });

    it('a ledger id must be 1 to 200 characters', async () => {
      expect(await store.append('', [purchase('p1', 0)], { expectedVersion: 0 })()).toEqual(
        E.left(expect.objectContaining({ _tag: 'BadLedgerId' })),
      );
      expect(await store.version('x'.repeat(201))()).toEqual(E.left(expect.objectContaining({ _tag: 'BadLedgerId' })));
    });

    it('R-L3: events the rules reject are stored with the rule and message replay reports for them', async () => {
      const events = [
        purchase('p1', 5),
        install('i1', 6, 'ws-1'),
        uninstall('u1', 7, 'ws-9'),
        purchase('p2', 1),
        install('i2', 8, 'ws-2'),
      ];
      const result = right(await store.append('rejects', events, { expectedVersion: 0 })());
      const replayed = replay({ mode: 'lenient' })(events.map((e, i) => ({ line: i + 1, event: decoded(e) })));
      expect(replayed.problems.map((p) => p.line)).toEqual([3, 4]);
      expect(result.stored.filter((s) => s.outcome === 'rejected')).toEqual(
        replayed.problems.map((p) => ({
          version: p.line,
          eventId: p.eventId,
          outcome: 'rejected',
          rule: p.rule,
          message: p.message,
        })),
      );
      expect(right(await store.problems('rejects')())).toEqual(replayed.problems);
    });

    it('writes a large append with COPY and reads it back in order', async () => {
      const events = ledgerEvents('big', 1500);
      const result = right(await store.append('big', events, { expectedVersion: 0 })());
      expect(result.version).toBe(1500);
      const read = await collect(store.read('big', { batchSize: 400 }));
      expect(read.map((entry) => entry.line)).toEqual(events.map((_, i) => i + 1));
      expect(read.map((entry) => ('event' in entry ? entry.event.id : null))).toEqual(events.map((e) => e['id']));
    });

    it('two writers at the same expected version: exactly one wins, the other gets the conflict', async () => {
      const other = createStore(store.backend);
      right(await store.append('race', [purchase('p1', 0)], { expectedVersion: 0 })());
      const results = await Promise.all([
        store.append('race', [install('a', 1, 'ws-a')], { expectedVersion: 1 })(),
        other.append('race', [install('b', 1, 'ws-b')], { expectedVersion: 1 })(),
      ]);
      expect(results.filter(E.isRight)).toHaveLength(1);
      expect(results.filter(E.isLeft).map((r) => r.left)).toEqual([
        expect.objectContaining({ _tag: 'VersionConflict', expectedVersion: 1, actualVersion: 2 }),
      ]);
      expect(await storedRows(store, 'race')).toHaveLength(2);
    });

    it('a writer going on from its own last append writes without reading the ledger: one statement (and a COPY for a large append) in its transaction', async () => {
      const statements: string[][] = [];
      const lean = createStore(
        recordingBackend(store.backend, statements, { query: () => 'query', copy: () => 'copy' }),
      );
      right(await lean.append('lean', [purchase('p1', 0, 500)], { expectedVersion: 0 })());
      statements.length = 0;
      const small = right(await lean.append('lean', [install('i1', 1, 'ws-1')], { expectedVersion: 1 })());
      const large = ledgerEvents('lean', 300).slice(1);
      const big = right(await lean.append('lean', large, { expectedVersion: 'any' })());
      expect(statements).toEqual([['query'], ['query', 'copy']]);
      expect([small.version, big.version]).toEqual([2, 301]);
      const replayed = replay({ mode: 'lenient' })(
        [purchase('p1', 0, 500), install('i1', 1, 'ws-1'), ...large].map(decoded),
      );
      const rows = await storedRows(store, 'lean');
      expect(rejectedIds(rows)).toEqual(replayed.problems.map((p) => p.eventId));
      expect(replayed.problems.length).toBeGreaterThan(0);
    });

    it(`an append of more than COPY_ROWS (${COPY_ROWS}) events is written by several COPYs in its one transaction, every row once, in version order, with replay's outcomes`, async () => {
      const statements: string[][] = [];
      const copying = createStore(
        recordingBackend(store.backend, statements, { copy: (data) => `copy ${data.split('\n').length - 1}` }),
      );
      const events = ledgerEvents('pieces', COPY_ROWS + 2);
      // The first append goes the careful way (a new ledger), the second the lean way: both split their COPY.
      right(await copying.append('pieces', events.slice(0, COPY_ROWS + 1), { expectedVersion: 0 })());
      right(
        await copying.append('pieces', [install('one-more', 1, 'ws-1'), ...events.slice(COPY_ROWS + 1)], {
          expectedVersion: 'any',
        })(),
      );
      right(
        await copying.append('pieces', ledgerEvents('again', COPY_ROWS + 1).slice(1), {
          expectedVersion: COPY_ROWS + 3,
        })(),
      );
      expect(statements.map((seen) => seen.filter((s) => s.startsWith('copy')))).toEqual([
        [`copy ${COPY_ROWS}`, 'copy 1'],
        [],
        [`copy ${COPY_ROWS}`],
      ]);
      const all = [
        ...events.slice(0, COPY_ROWS + 1),
        install('one-more', 1, 'ws-1'),
        ...events.slice(COPY_ROWS + 1),
        ...ledgerEvents('again', COPY_ROWS + 1).slice(1),
      ];
      const rows = await storedRows(store, 'pieces');
      expect(rows.map((row) => row.version)).toEqual(all.map((_, i) => i + 1));
      expect(rows.map((row) => row.event_id)).toEqual(all.map((e) => e['id']));
      const replayed = replay({ mode: 'lenient', history: 'none' })(all.map(decoded));
      expect(rejectedIds(rows)).toEqual(replayed.problems.map((p) => p.eventId));
      expect(replayed.problems.length).toBeGreaterThan(0);
    }, 120_000);

    it('a writer whose last append is no longer the ledger’s latest (another wrote since) decides on the stored events: right version, right outcome, or the conflict', async () => {
      const other = createStore(store.backend);
      right(await store.append('moved', [purchase('p1', 0), install('i1', 1, 'ws-1')], { expectedVersion: 0 })());
      right(await other.append('moved', [uninstall('u1', 2, 'ws-1')], { expectedVersion: 2 })());
      const stale = await store.append('moved', [install('i2', 3, 'ws-2')], { expectedVersion: 2 })();
      expect(stale).toEqual(
        E.left(expect.objectContaining({ _tag: 'VersionConflict', expectedVersion: 2, actualVersion: 3 })),
      );
      // ws-1 was uninstalled by the other writer: installing it again is applied (on the stale state it would be a repeat).
      const any = right(await store.append('moved', [install('i3', 3, 'ws-1')], { expectedVersion: 'any' })());
      expect(any.stored).toEqual([{ version: 4, eventId: 'i3', outcome: 'applied' }]);
      expect(await storedRows(store, 'moved')).toHaveLength(4);
    });

    it('R-L5: a repeat of a stored rejected event is a no-op on the lean path too, in a small and in a COPY-sized append', async () => {
      right(await store.append('again', [purchase('p1', 0), uninstall('u0', 1, 'nobody')], { expectedVersion: 0 })());
      const small = right(
        await store.append('again', [uninstall('u0', 1, 'nobody'), install('i1', 2, 'ws-1')], { expectedVersion: 2 })(),
      );
      expect([small.repeats, small.stored]).toEqual([1, [{ version: 3, eventId: 'i1', outcome: 'applied' }]]);
      const many = ledgerEvents('again', 250).slice(1);
      const large = right(
        await store.append('again', [uninstall('u0', 1, 'nobody'), ...many], { expectedVersion: 3 })(),
      );
      expect([large.repeats, large.version]).toEqual([1, 3 + many.length]);
      expect(await storedRows(store, 'again')).toHaveLength(3 + many.length);
    });

    it('ledgers are independent: the same event id in two ledgers is two events', async () => {
      right(await store.append('left', [purchase('p1', 0)], { expectedVersion: 0 })());
      right(await store.append('right', [purchase('p1', 0, 3)], { expectedVersion: 0 })());
      const ledgers = right(await store.ledgers()());
      expect(ledgers).toEqual(
        expect.arrayContaining([
          { ledgerId: 'left', version: 1 },
          { ledgerId: 'right', version: 1 },
        ]),
      );
    });
  });

  describe('read', () => {
    it('streams batches from a version to a version, one replay input per event with line = version', async () => {
      right(await store.append('ranged', ledgerEvents('r', 25), { expectedVersion: 0 })());
      const batches: number[][] = [];
      for await (const batch of store.read('ranged', { fromVersion: 5, toVersion: 20, batchSize: 6 }))
        batches.push(batch.map((e) => e.line));
      expect(batches).toEqual([
        [5, 6, 7, 8, 9, 10],
        [11, 12, 13, 14, 15, 16],
        [17, 18, 19, 20],
      ]);
    });
  });

  describe('load', () => {
    it('without snapshots: replays every stored event, problems included', async () => {
      const events = ledgerEvents('l', 300);
      right(await store.append('loaded', events, { expectedVersion: 0 })());
      const loaded = right(await store.load('loaded')());
      const fresh = replay({ mode: 'lenient' })(events.map((e, i) => ({ line: i + 1, event: decoded(e) })));
      expect(loaded.version).toBe(300);
      expect(loaded.fromSnapshot).toBeNull();
      expect(ledgerFingerprint(loaded.state)).toBe(ledgerFingerprint(fresh.state));
      expect(loaded.problems).toEqual(fresh.problems);
      expect(fresh.problems.length).toBeGreaterThan(0);
    });
  });

  describe('append, read and replay together', () => {
    it(`property: faulty histories appended in chunks store every outcome as a fresh replay reports it, and read → replayAsync equals that replay`, async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          faultyHistory({ maxFaults: 4 }),
          fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 8 }),
          async (history, chunks) => {
            const ledgerId = `prop-${run++}`;
            // The store refuses decode errors and reused ids as a whole append; keep what it stores.
            const refusedLines = new Set(
              history.faults
                .filter((f) => ['duplicate-other-body', 'bad-field', 'truncated'].includes(f.fault))
                .map((f) => f.line),
            );
            const raws = history.lines.flatMap((text, i) =>
              refusedLines.has(i + 1) ? [] : [JSON.parse(text) as unknown],
            );
            let version = 0;
            for (let start = 0, c = 0; start < raws.length; c++) {
              const size = chunks[c % chunks.length] as number;
              const result = right(
                await store.append(ledgerId, raws.slice(start, start + size), { expectedVersion: version })(),
              );
              version = result.version;
              start += size;
            }
            // Exact repeats are skipped by the store as by replay.
            const seen = new Set<string>();
            const kept = raws.map(decoded).filter((e) => !seen.has(e.id) && seen.add(e.id));
            const fresh = replay({ mode: 'lenient' })(kept.map((event, i) => ({ line: i + 1, event })));
            expect(version).toBe(kept.length);
            const rows = await storedRows(store, ledgerId);
            expect(
              rows
                .filter((r) => r.outcome === 'rejected')
                .map((r) => ({
                  line: Number(r.version),
                  eventId: r.event_id,
                  kind: 'rejected',
                  rule: r.rule,
                  message: r.message,
                })),
            ).toEqual(fresh.problems);
            const again = await replayAsync({ mode: 'lenient' })(store.read(ledgerId, { batchSize: 7 }));
            expect(ledgerFingerprint(again.state)).toBe(ledgerFingerprint(fresh.state));
            expect(again.problems).toEqual(fresh.problems);
          },
        ),
        { numRuns },
      );
    }, 300_000);
  });
});

describe('newDatabase', () => {
  it.each(BACKENDS)(
    '%s: each test database starts empty',
    async (kind) => {
      const { backend } = await newDatabase(kind);
      expect(await backend.query('SELECT count(*)::int AS n FROM events')).toEqual([{ n: 0 }]);
      await backend.close();
    },
    120_000,
  );
});
