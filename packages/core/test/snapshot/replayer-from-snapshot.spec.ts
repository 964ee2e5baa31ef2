import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import {
  createReplayer,
  DAY_MS,
  forecastPools,
  fromSnapshot,
  type Instant,
  type LedgerEvent,
  type LedgerState,
  replay,
  type ReplayResult,
  toSnapshot,
} from '../../src/index';
import { mapEntries } from '../../src/internal';
import { idTableBytes } from '../../src/collections/id-hash-map';
import { replayerFromSnapshot } from '../../src/snapshot/replayer-from-snapshot';
import { renewingInstalls } from '../support/renewing-installs';
import { eventBuilder, fingerprintDifference, ledgerFingerprint, validHistory } from '@license-ledger/testing';

/** Every license end of a state as `bucket license at`, sorted: what `forecastPools` and the agenda's checks read. */
const endsOf = (state: LedgerState): string[] => {
  const out: string[] = [];
  for (const [bucket, ends] of mapEntries(state.licenseEnds))
    for (const [licenseId, end] of mapEntries(ends)) out.push(`${bucket} ${licenseId} ${end.at}`);
  return out.sort();
};

const renewingOf = (state: LedgerState): string[] =>
  [...mapEntries(state.renewingEnds)].map(([licenseId, { due }]) => `${licenseId} ${due.at}`).sort();

/** The tail pushed into a replayer read from `bytes`, and the same tail onto `fromSnapshot(bytes)`. */
const bothWays = (bytes: Uint8Array, tail: readonly LedgerEvent[]): [ReplayResult, ReplayResult] => {
  const owned = replayerFromSnapshot(bytes, { mode: 'lenient' });
  const from = fromSnapshot(bytes);
  if (E.isLeft(owned) || E.isLeft(from)) throw new Error('a snapshot just written was refused');
  for (const event of tail) owned.right.push(event);
  const other = createReplayer({ mode: 'lenient', from: from.right });
  for (const event of tail) other.push(event);
  return [owned.right.result(), other.result()];
};

/** The two results hold the same ledger, the same indexes of ends, and report the same problems. */
const expectSame = (owned: ReplayResult, other: ReplayResult): void => {
  expect(fingerprintDifference(ledgerFingerprint(other.state), ledgerFingerprint(owned.state))).toBeNull();
  expect(endsOf(owned.state)).toEqual(endsOf(other.state));
  expect(renewingOf(owned.state)).toEqual(renewingOf(other.state));
  expect(owned.stats).toEqual(other.stats);
  expect(JSON.stringify(owned.problems)).toBe(JSON.stringify(other.problems));
  const later = ((owned.state.clock ?? 0) + 400 * DAY_MS) as Instant;
  expect(forecastPools(later)(owned.state)).toEqual(forecastPools(later)(other.state));
};

describe('replayerFromSnapshot', () => {
  test('checks the body with the crc32 option, as fromSnapshot does', () => {
    const bytes = toSnapshot(replay()([]).state, { crc32: () => 7 });
    expect(replayerFromSnapshot(bytes)).toEqual(E.left(expect.objectContaining({ kind: 'checksum' })));
    expect(E.isRight(replayerFromSnapshot(bytes, { crc32: () => 7 }))).toBe(true);
  });

  test('R-L6: the rest of a log pushed into a replayer read from a snapshot ends as the same rest replayed onto fromSnapshot, and as one full replay', () => {
    fc.assert(
      fc.property(
        validHistory({ maxMachines: 40, maxCommands: 300, maxPools: 2 }),
        fc.double({ min: 0.2, max: 0.8, noNaN: true }),
        (events, at) => {
          const cut = Math.floor(events.length * at);
          const head = replay({ mode: 'lenient' })(events.slice(0, cut));
          const [owned, other] = bothWays(toSnapshot(head.state), events.slice(cut));
          expectSame(owned, other);
          const full = replay({ mode: 'lenient' })(events);
          expect(fingerprintDifference(ledgerFingerprint(full.state), ledgerFingerprint(owned.state))).toBeNull();
        },
      ),
      { numRuns: 40 },
    );
  });

  test('R-L6: a state taken mid-way is not changed by what is pushed after it (the records read become the state’s, frozen)', () => {
    fc.assert(
      fc.property(validHistory({ maxMachines: 20, maxCommands: 200 }), (events) => {
        const cut = Math.floor(events.length / 3);
        const middle = Math.floor((2 * events.length) / 3);
        const head = replay({ mode: 'lenient' })(events.slice(0, cut));
        const replayer = replayerFromSnapshot(toSnapshot(head.state), { mode: 'lenient' });
        if (E.isLeft(replayer)) throw new Error(replayer.left.message);
        for (const event of events.slice(cut, middle)) replayer.right.push(event);
        const taken = replayer.right.result().state;
        const written = toSnapshot(taken);
        for (const event of events.slice(middle)) replayer.right.push(event);
        expect(toSnapshot(taken)).toEqual(written);
        const full = replay({ mode: 'lenient' })(events);
        const end = replayer.right.result().state;
        expect(fingerprintDifference(ledgerFingerprint(full.state), ledgerFingerprint(end))).toBeNull();
        expect(endsOf(end)).toEqual(endsOf(full.state));
      }),
      { numRuns: 40 },
    );
  });

  test('R-X2, R-T4: the ends, renewing ends and agenda read are the replay’s own: a later event renews and ends terms as after one full replay', () => {
    const e = eventBuilder();
    const head = renewingInstalls(e);
    // Before any term ends (the snapshot holds every end, renewing end and agenda entry), then one event after them all.
    const tail = [
      e('LicensePurchased', '2025-01-10T00:00:00Z', { poolId: 'other', module: 'KES', quantity: 1 }),
      e('LicensePurchased', '2025-06-01T00:00:00Z', { poolId: 'late', module: 'KES', quantity: 1 }),
    ] as LedgerEvent[];
    const bytes = toSnapshot(replay()(head).state);
    const read = fromSnapshot(bytes);
    if (E.isLeft(read)) throw new Error(read.left.message);
    expect(endsOf(read.right)).toHaveLength(3);
    expect(renewingOf(read.right)).toHaveLength(2);
    const owned = replayerFromSnapshot(bytes);
    if (E.isLeft(owned)) throw new Error(owned.left.message);
    owned.right.push(tail[0] as LedgerEvent);
    const early = owned.right.result().state;
    expect([endsOf(early), renewingOf(early)]).toEqual([endsOf(read.right), renewingOf(read.right)]);
    owned.right.push(tail[1] as LedgerEvent);
    const full = replay()([...head, ...tail]);
    const [end, other] = [owned.right.result(), bothWays(bytes, tail)[1]];
    expectSame(end, other);
    expect(fingerprintDifference(ledgerFingerprint(full.state), ledgerFingerprint(end.state))).toBeNull();
    expect([endsOf(end.state), renewingOf(end.state)]).toEqual([endsOf(full.state), renewingOf(full.state)]);
  });

  test('expectedEvents: the id table read makes room for that many more ids at once, and the tail replays as without it', () => {
    const e = eventBuilder();
    const purchase = (i: number): LedgerEvent =>
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: `p${i}`, module: 'KES', quantity: 1 });
    const bytes = toSnapshot(replay()(Array.from({ length: 100 }, (_, i) => purchase(i))).state);
    const told = replayerFromSnapshot(bytes, { mode: 'lenient', expectedEvents: 1300 });
    if (E.isLeft(told)) throw new Error('a snapshot just written was refused');
    // 100 ids read and 1 300 expected: 2 048 slots (1 536 take 1 075 at 70 %, 2 048 take 1 433), made at once.
    expect(idTableBytes(told.right.result().state.appliedIds).slotCount).toBe(2048);
    const tail = Array.from({ length: 1300 }, (_, i) => purchase(100 + i));
    for (const event of tail) told.right.push(event);
    expect(idTableBytes(told.right.result().state.appliedIds).slotCount).toBe(2048);
    const [, other] = bothWays(bytes, tail);
    expectSame(told.right.result(), other);
  });

  test('bytes that are not a whole snapshot are refused as fromSnapshot refuses them, and no replayer is made', () => {
    const bytes = toSnapshot(replay()([]).state);
    const flipped = Uint8Array.from(bytes);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    for (const bad of [new Uint8Array([1, 2, 3]), bytes.subarray(0, bytes.length - 1), flipped]) {
      const refused = replayerFromSnapshot(bad);
      expect(E.isLeft(refused)).toBe(true);
      expect(refused).toEqual(fromSnapshot(bad));
    }
  });
});
