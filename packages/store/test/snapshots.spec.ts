import * as E from 'fp-ts/Either';
import { decodeEvent, type LedgerEvent, listPools, replay, toSnapshot } from '@license-ledger/core';
import { ledgerFingerprint } from '@license-ledger/testing';
import { latestSnapshot, writeSnapshot } from '../src/snapshots';
import type { EventStore } from '../src/store';
import { BACKENDS, openTestStore, usePostgres } from './support/backends';
import { ledgerEvents } from './support/events';
import { right } from './support/right';

usePostgres();

const fresh = (events: readonly Record<string, unknown>[], history: 'full' | 'none' = 'full') =>
  replay({ mode: 'lenient', history })(
    events.map((e, i) => ({ line: i + 1, event: (decodeEvent(e) as E.Right<LedgerEvent>).right })),
  );

describe.each(BACKENDS)('snapshots on %s', (kind) => {
  let store: EventStore;
  beforeAll(async () => {
    store = await openTestStore(kind);
  }, 120_000);
  afterAll(() => store.close());

  it('load = the latest snapshot + the events after it, equal to a replay of every event', async () => {
    const events = ledgerEvents('s', 400);
    right(await store.append('snap', events.slice(0, 250), { expectedVersion: 0 })());
    expect(right(await store.saveSnapshot('snap')())).toMatchObject({
      ledgerId: 'snap',
      version: 250,
      history: 'full',
    });
    right(await store.append('snap', events.slice(250), { expectedVersion: 250 })());
    const loaded = right(await store.load('snap')());
    expect(loaded.fromSnapshot).toBe(250);
    expect(loaded.version).toBe(400);
    expect(ledgerFingerprint(loaded.state)).toBe(ledgerFingerprint(fresh(events).state));
    // The problems come from the stored outcomes: those before the snapshot are not lost.
    expect(loaded.problems).toEqual(fresh(events).problems);
    expect(loaded.problems.some((p) => (p.line as number) <= 250)).toBe(true);
  });

  it('loadLatest reads the newest snapshot back; none is null', async () => {
    expect(right(await store.loadLatest('no-snapshot')())).toBeNull();
    const events = ledgerEvents('t', 120);
    right(await store.append('latest', events.slice(0, 60), { expectedVersion: 0 })());
    right(await store.saveSnapshot('latest', { history: 'none' })());
    right(await store.append('latest', events.slice(60), { expectedVersion: 60 })());
    right(await store.saveSnapshot('latest', { history: 'none' })());
    const latest = right(await store.loadLatest('latest')());
    expect(latest?.version).toBe(120);
    expect(ledgerFingerprint(latest!.state)).toBe(ledgerFingerprint(fresh(events, 'none').state));
  });

  it('a load that wants histories does not start from a snapshot without them', async () => {
    const events = ledgerEvents('h', 80);
    right(await store.append('lean', events, { expectedVersion: 0 })());
    right(await store.saveSnapshot('lean', { history: 'none' })());
    expect(right(await store.load('lean', { history: 'full' })()).fromSnapshot).toBeNull();
    expect(right(await store.load('lean', { history: 'none' })()).fromSnapshot).toBe(80);
  });

  it('a damaged snapshot is refused whole (SnapshotUnreadable), never half-loaded', async () => {
    const events = ledgerEvents('d', 50);
    right(await store.append('damaged', events, { expectedVersion: 0 })());
    const bytes = toSnapshot(fresh(events).state);
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] as number) ^ 0xff;
    await store.backend.query(
      "INSERT INTO snapshots (ledger_id, version, history, bytes) VALUES ('damaged', 50, 'full', $1)",
      [bytes],
    );
    expect(await store.load('damaged')()).toEqual(
      E.left(expect.objectContaining({ _tag: 'SnapshotUnreadable', ledgerId: 'damaged', version: 50 })),
    );
  });

  it('a snapshot in a format this library does not read is passed over for an older one, or a replay of every event', async () => {
    const events = ledgerEvents('v', 60);
    right(await store.append('versions', events.slice(0, 30), { expectedVersion: 0 })());
    right(await store.saveSnapshot('versions', { history: 'full' })());
    right(await store.append('versions', events.slice(30), { expectedVersion: 30 })());
    // toSnapshot(emptyLedger()) in format 1, at a later version than the readable one.
    const v1 = Buffer.from(
      '4c4c45444745521a0100000031000000a8abee7001020000000000020100000000030100000000040100000000050100000000060100000000070100000000080100000000',
      'hex',
    );
    await store.backend.query(
      "INSERT INTO snapshots (ledger_id, version, history, bytes) VALUES ('versions', 60, 'none', $1)",
      [v1],
    );
    const loaded = right(await store.load('versions', { history: 'none' })());
    expect([loaded.fromSnapshot, loaded.version]).toEqual([30, 60]);
    // Histories up to the snapshot only (it has them, the replay after it was asked for none): compare the counts.
    expect(listPools(loaded.state)).toEqual(listPools(fresh(events, 'none').state));
    await store.backend.query("DELETE FROM snapshots WHERE ledger_id = 'versions' AND history = 'full'");
    const replayed = right(await store.load('versions', { history: 'none' })());
    expect(replayed.fromSnapshot).toBeNull();
    expect(ledgerFingerprint(replayed.state)).toBe(ledgerFingerprint(fresh(events, 'none').state));
  });

  it('writeSnapshot replaces a snapshot of the same version and history; latestSnapshot honours upTo', async () => {
    const events = ledgerEvents('w', 30);
    right(await store.append('write', events, { expectedVersion: 0 })());
    const state = fresh(events, 'none').state;
    await writeSnapshot(store.backend, 'write', 10, fresh(events.slice(0, 10), 'none').state, 'none');
    await writeSnapshot(store.backend, 'write', 30, state, 'none');
    await writeSnapshot(store.backend, 'write', 30, state, 'none');
    expect((await latestSnapshot(store.backend, 'write', { upTo: 29, history: 'none' }))?.version).toBe(10);
    expect(await latestSnapshot(store.backend, 'write', { history: 'full' })).toBeNull();
  });
});
