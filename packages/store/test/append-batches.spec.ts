import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { replay } from '@license-ledger/core';
import { faultyHistory } from '@license-ledger/testing';
import type { Backend } from '../src/backend/sql';
import type { BatchAppended } from '../src/append-batches';
import type { AppendResult } from '../src/append';
import { createStore, type EventStore } from '../src/store';
import { BACKENDS, openTestStore, usePostgres } from './support/backends';
import { install, ledgerEvents, purchase, uninstall } from './support/events';
import { decoded, right } from './support/right';
import { rejectedIds, storedRows } from './support/rows';

// Each run appends to a real database twice: at most 10 runs, whatever LEDGER_NUM_RUNS asks (the seed is the suite's).
const numRuns = Math.min(fc.readConfigureGlobal().numRuns ?? 100, 10);

usePostgres();

const chunked = <A>(items: readonly A[], sizes: readonly number[]): A[][] => {
  const out: A[][] = [];
  for (let start = 0, c = 0; start < items.length; c++) {
    const size = sizes[c % sizes.length] as number;
    out.push(items.slice(start, start + size));
    start += size;
  }
  return out;
};
async function* slowly<A>(batches: readonly A[], pulled: number[]): AsyncGenerator<A> {
  for (const [i, batch] of batches.entries()) {
    pulled.push(i);
    yield batch;
  }
}

/** A backend recording, per transaction, its statements ('query' / 'copy') and when it ended. */
const recording = (backend: Backend, log: string[]): Backend => {
  let n = 0;
  return {
    ...backend,
    transaction: async (work) => {
      const id = n++;
      const seen: string[] = [];
      try {
        return await backend.transaction((tx) =>
          work({
            query: (text, params) => {
              seen.push('query');
              return tx.query(text, params);
            },
            script: (text) => tx.script(text),
            copyIn: (table, columns, data) => {
              seen.push('copy');
              return tx.copyIn(table, columns, data);
            },
          }),
        );
      } finally {
        log.push(`tx ${id} [${seen.join(' ')}]`);
      }
    },
  };
};

describe.each(BACKENDS)('appendBatchesWith (EventStore.appendBatches) on %s', (kind) => {
  let store: EventStore;
  beforeAll(async () => {
    store = await openTestStore(kind);
  }, 120_000);
  afterAll(() => store.close());

  it(`property: batches appended with appendBatches, into an empty ledger or one holding the first events already, store the same events, versions, outcomes and bodies as one append per batch (invalid events left out, repeats skipped)`, async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        faultyHistory({ maxFaults: 4 }),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        async (history, sizes, cut) => {
          // A reused id with another body stops both ways at the same batch; left out to compare whole ledgers.
          const reused = new Set(history.faults.filter((f) => f.fault === 'duplicate-other-body').map((f) => f.line));
          const lines = history.lines.filter((_, i) => !reused.has(i + 1));
          const batches = chunked(lines, sizes);
          const prefix = chunked(lines, sizes).slice(0, cut % (batches.length + 1));
          const [piped, oneByOne] = [`piped-${run}`, `one-by-one-${run}`];
          run += 1;

          // One append per batch, as the CLI did before: invalid events taken out and the batch appended again.
          const appendEach = async (target: EventStore, ledgerId: string, from: readonly string[][], start = 0) => {
            const results: AppendResult[] = [];
            let version = start;
            for (const batch of from) {
              let texts = batch;
              for (;;) {
                const result = await target.append(ledgerId, texts, { expectedVersion: version })();
                if (E.isLeft(result) && result.left._tag === 'InvalidEvents') {
                  const invalid = new Set(result.left.events.map((e) => e.index));
                  texts = texts.filter((_, i) => !invalid.has(i));
                  continue;
                }
                results.push(right(result));
                version = right(result).version;
                break;
              }
            }
            return { results, version };
          };
          // The first events already stored (by another writer: nothing cached) in both ledgers.
          const writer = createStore(store.backend);
          const before = await appendEach(writer, piped, prefix);
          await appendEach(writer, oneByOne, prefix);

          const expected = await appendEach(createStore(store.backend), oneByOne, batches, before.version);
          const reported: BatchAppended[] = [];
          const total = right(
            await createStore(store.backend).appendBatches(piped, batches, {
              expectedVersion: before.version,
              invalid: 'skip',
              onAppended: (appended) => {
                reported.push(appended);
              },
            })(),
          );
          expect(reported.map(({ batch: _batch, invalid: _invalid, ...result }) => result)).toEqual(
            expected.results.map((result) => ({ ...result, ledgerId: piped })),
          );
          expect(reported.map((r) => r.batch)).toEqual(batches.map((_, i) => i));
          expect(total).toEqual({
            ledgerId: piped,
            version: expected.version,
            batches: batches.length,
            stored: expected.results.reduce((n, r) => n + r.stored.length, 0),
            rejected: expected.results.reduce((n, r) => n + r.stored.filter((s) => s.outcome === 'rejected').length, 0),
            repeats: expected.results.reduce((n, r) => n + r.repeats, 0),
            invalid: reported.reduce((n, r) => n + r.invalid.length, 0),
          });
          const invalidLines = history.faults.filter((f) => f.expected.kind === 'decode').length;
          expect(total.invalid).toBe(invalidLines);
          expect(await storedRows(store, piped)).toEqual(await storedRows(store, oneByOne));
        },
      ),
      { numRuns },
    );
  }, 300_000);

  it('reads and decides the next batch while the previous one is written, and writes every batch on the lean path (one statement and a COPY), the first one too: a new ledger is decided from an empty one', async () => {
    const log: string[] = [];
    const piped = createStore(recording(store.backend, log));
    const events = ledgerEvents('ahead', 1200);
    const batches = chunked(events, [300]);
    const pulled: number[] = [];
    const source = slowly(batches, pulled);
    const tracked: AsyncIterable<readonly unknown[]> = {
      [Symbol.asyncIterator]: () => ({
        next: async () => {
          const next = await source.next();
          if (!next.done) log.push(`pulled ${pulled[pulled.length - 1]}`);
          return next;
        },
      }),
    };
    const total = right(await piped.appendBatches('ahead', tracked, { expectedVersion: 0 })());
    expect(total.version).toBe(1200);
    // Batch k + 1 is pulled before batch k's transaction ends.
    expect(log.indexOf('pulled 1')).toBeLessThan(log.findIndex((l) => l.startsWith('tx 0')));
    expect(log.indexOf('pulled 2')).toBeLessThan(log.findIndex((l) => l.startsWith('tx 1')));
    expect(log.filter((l) => l.startsWith('tx'))).toEqual([
      'tx 0 [query copy]',
      'tx 1 [query copy]',
      'tx 2 [query copy]',
      'tx 3 [query copy]',
    ]);
    const fresh = replay({ mode: 'lenient' })(events.map(decoded));
    const rows = await storedRows(store, 'ahead');
    expect(rejectedIds(rows)).toEqual(fresh.problems.map((p) => p.eventId));
    expect(fresh.problems.length).toBeGreaterThan(0);
  });

  it('R-L5: exact repeats, in a later batch of one import, of an event applied and of one rejected in an earlier batch are left out as repeats and the batches still go the lean way, as one append per batch would store them', async () => {
    const log: string[] = [];
    const piped = createStore(recording(store.backend, log));
    const batches = [
      [purchase('p1', 0, 1), install('i1', 1, 'ws-1'), install('i2', 2, 'ws-2')],
      [install('i2', 2, 'ws-2'), install('i1', 1, 'ws-1'), uninstall('u1', 3, 'ws-1')],
      [install('i2', 2, 'ws-2'), install('i3', 4, 'ws-3')],
    ];
    const total = right(await piped.appendBatches('repeats', batches, { expectedVersion: 0 })());
    expect(total).toEqual(expect.objectContaining({ version: 5, stored: 5, repeats: 3, rejected: 1 }));
    expect(log).toEqual(['tx 0 [query]', 'tx 1 [query]', 'tx 2 [query]']);
    const oneByOne = createStore(store.backend);
    for (const [i, batch] of batches.entries()) {
      const version = [0, 3, 4][i] as number;
      right(await oneByOne.append('repeats-one-by-one', batch, { expectedVersion: version })());
    }
    expect(await storedRows(store, 'repeats')).toEqual(await storedRows(store, 'repeats-one-by-one'));
    const rows = await storedRows(store, 'repeats');
    expect(rows.map((r) => [r.event_id, r.outcome])).toEqual([
      ['p1', 'applied'],
      ['i1', 'applied'],
      ['i2', 'rejected'],
      ['u1', 'applied'],
      ['i3', 'applied'],
    ]);
  });

  it('the state the chain reached is kept when the import ends: the next append at its version is decided on it and written lean (one statement), as a fresh replay decides it', async () => {
    const log: string[] = [];
    const piped = createStore(recording(store.backend, log));
    const events = ledgerEvents('kept', 900);
    const total = right(await piped.appendBatches('kept', chunked(events, [300]), { expectedVersion: 0 })());
    const next = [install('k1', 400, 'ws-kept-1'), uninstall('k2', 401, 'ws-kept-unknown')];
    log.length = 0;
    const appended = right(await piped.append('kept', next, { expectedVersion: total.version })());
    expect(log).toEqual(['tx 3 [query]']);
    const fresh = replay({ mode: 'lenient' })([...events, ...next].map(decoded));
    expect(appended.stored.filter((s) => s.outcome === 'rejected').map((s) => s.eventId)).toEqual(
      fresh.problems.filter((p) => p.eventId === 'k1' || p.eventId === 'k2').map((p) => p.eventId),
    );
    expect(rejectedIds(await storedRows(store, 'kept'))).toEqual(fresh.problems.map((p) => p.eventId));
  });

  it('another writer between two batches: at the chained version the next batch is a VersionConflict; with any version it is decided again on the stored events (the decision made ahead is dropped)', async () => {
    const other = createStore(store.backend);
    const batches = [
      [purchase('p1', 0), install('i1', 1, 'ws-1')],
      [install('i2', 3, 'ws-1'), uninstall('u2', 4, 'ws-2')],
    ];
    const sneak = (ledgerId: string) => async (appended: BatchAppended) => {
      if (appended.batch === 0)
        right(await other.append(ledgerId, [uninstall('u1', 2, 'ws-1')], { expectedVersion: 'any' })());
    };
    const chained = await createStore(store.backend).appendBatches('sneak-chained', batches, {
      expectedVersion: 0,
      onAppended: sneak('sneak-chained'),
    })();
    expect(chained).toEqual(
      E.left(expect.objectContaining({ _tag: 'VersionConflict', expectedVersion: 2, actualVersion: 3 })),
    );
    expect(await storedRows(store, 'sneak-chained')).toHaveLength(3);

    const any = right(
      await createStore(store.backend).appendBatches('sneak-any', batches, {
        expectedVersion: 'any',
        onAppended: sneak('sneak-any'),
      })(),
    );
    expect(any.version).toBe(5);
    // ws-1 was uninstalled by the other writer: installing it again is applied (decided ahead, it was a repeat).
    const stored = [...batches[0]!, uninstall('u1', 2, 'ws-1'), ...batches[1]!].map(decoded);
    const fresh = replay({ mode: 'lenient' })(stored.map((event, i) => ({ line: i + 1, event })));
    const rows = await storedRows(store, 'sneak-any');
    expect(rows.map((r) => [r.event_id, r.outcome])).toEqual(
      stored.map((e, i) => [e.id, fresh.problems.some((p) => p.line === i + 1) ? 'rejected' : 'applied']),
    );
    expect(rows.map((r) => r.outcome)).toEqual(['applied', 'applied', 'applied', 'applied', 'rejected']);
    // Decided ahead, without the other writer's event, the batch came out otherwise: that decision had to go.
    const ahead = replay({ mode: 'lenient' })([...batches[0]!, ...batches[1]!].map(decoded));
    expect(ahead.problems.map((p) => p.eventId)).not.toEqual(['u2']);
  });

  it('a decision made ahead is used only while every batch before it was written as decided: a batch that went the careful way (a repeat of an event stored as rejected before the import) and another writer bringing the version back level still make it decide again', async () => {
    const other = createStore(store.backend);
    // x1 uninstalls a machine never installed: stored as rejected, by another writer (the import's chain never saw it).
    const before = [purchase('p1', 0), install('i1', 1, 'ws-1'), uninstall('x1', 1, 'ws-x')];
    right(await other.append('level', before, { expectedVersion: 0 })());
    const batches = [
      [install('i2', 2, 'ws-2')],
      // x1 is stored already: the chain decides it again (rejected again) and reaches version 6, but its lean
      // write fails on the id and the careful one stores i3 alone (version 5).
      [uninstall('x1', 1, 'ws-x'), install('i3', 3, 'ws-3')],
      [install('i4', 5, 'ws-1')],
    ];
    const total = right(
      await createStore(store.backend).appendBatches('level', batches, {
        expectedVersion: 'any',
        onAppended: async (appended) => {
          // Another writer uninstalls ws-1: the ledger is at 6, the version the chain reached with batch 2.
          if (appended.batch === 1)
            right(await other.append('level', [uninstall('u1', 4, 'ws-1')], { expectedVersion: 'any' })());
        },
      })(),
    );
    expect([total.version, total.repeats]).toEqual([7, 1]);
    const [i2, i3, i4] = [install('i2', 2, 'ws-2'), install('i3', 3, 'ws-3'), install('i4', 5, 'ws-1')];
    const stored = [...before, i2, i3, uninstall('u1', 4, 'ws-1'), i4].map(decoded);
    const fresh = replay({ mode: 'lenient' })(stored.map((event, i) => ({ line: i + 1, event })));
    const rows = await storedRows(store, 'level');
    expect(rows.map((r) => r.event_id)).toEqual(stored.map((e) => e.id));
    expect(rows.filter((r) => r.outcome === 'rejected').map((r) => r.version)).toEqual(
      fresh.problems.map((p) => p.line),
    );
    expect(fresh.problems.map((p) => p.eventId)).toEqual(['x1']);
    // Decided on the chain (x1 twice, without u1), i4 came out otherwise.
    const ahead = replay({ mode: 'lenient' })([...before, i2, uninstall('x1', 1, 'ws-x'), i3, i4].map(decoded));
    expect(ahead.problems.map((p) => p.eventId)).toContain('i4');
  });

  it('stops at the first refused batch, with its error; the batches before it stay appended and were reported', async () => {
    const reported: number[] = [];
    const onAppended = (appended: BatchAppended) => {
      reported.push(appended.batch);
    };
    const reusedId = await store.appendBatches(
      'stop-reused',
      [[purchase('p1', 0)], [install('i1', 1, 'ws-1')], [install('p1', 2, 'ws-2')], [install('i3', 3, 'ws-3')]],
      { expectedVersion: 0, onAppended },
    )();
    expect(reusedId).toEqual(E.left(expect.objectContaining({ _tag: 'IdReused', eventId: 'p1', storedVersion: 1 })));
    expect(reported).toEqual([0, 1]);
    expect((await storedRows(store, 'stop-reused')).map((r) => r.event_id)).toEqual(['p1', 'i1']);

    reported.length = 0;
    const invalid = await store.appendBatches(
      'stop-invalid',
      [
        [purchase('p1', 0)],
        [install('i1', 1, 'ws-1'), { type: 'KesInstalled', id: 'bad' }],
        [install('i3', 3, 'ws-3')],
      ],
      { expectedVersion: 0, onAppended },
    )();
    expect(invalid).toEqual(
      E.left(
        expect.objectContaining({
          _tag: 'InvalidEvents',
          events: [expect.objectContaining({ index: 1, eventId: 'bad' })],
        }),
      ),
    );
    expect(reported).toEqual([0]);
    expect((await storedRows(store, 'stop-invalid')).map((r) => r.event_id)).toEqual(['p1']);

    const stale = await store.appendBatches('stop-invalid', [[install('i4', 4, 'ws-4')]], { expectedVersion: 0 })();
    expect(stale).toEqual(
      E.left(expect.objectContaining({ _tag: 'VersionConflict', expectedVersion: 0, actualVersion: 1 })),
    );
    expect(await storedRows(store, 'stop-invalid')).toHaveLength(1);
  });

  it('with invalid: skip, events the codecs refuse are left out of their batch and reported with it by index (R-L2)', async () => {
    const reported: BatchAppended[] = [];
    const total = right(
      await store.appendBatches(
        'skip',
        [['{"type":"LicensePurchased"', JSON.stringify(purchase('p1', 0))], [{ type: 'KesInstalled', id: 'bad' }]],
        { expectedVersion: 0, invalid: 'skip', onAppended: (a) => void reported.push(a) },
      )(),
    );
    expect(total).toEqual(
      expect.objectContaining({ version: 1, batches: 2, stored: 1, invalid: 2, repeats: 0, rejected: 0 }),
    );
    expect(reported.map((r) => r.invalid.map((e) => [e.index, e.eventId]))).toEqual([[[0, null]], [[0, 'bad']]]);
  });

  it('no batch at all: the ledger stays as it is; its version comes back', async () => {
    right(await store.append('none', [purchase('p1', 0)], { expectedVersion: 0 })());
    expect(right(await store.appendBatches('none', [], { expectedVersion: 'any' })())).toEqual(
      expect.objectContaining({ version: 1, batches: 0, stored: 0 }),
    );
    expect(await store.appendBatches('', [], { expectedVersion: 0 })()).toEqual(
      E.left(expect.objectContaining({ _tag: 'BadLedgerId' })),
    );
  });
});
