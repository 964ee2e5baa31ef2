import * as E from 'fp-ts/Either';
import { type Replayer, replayerOver, type ReplayOptions } from '../replay/replayer';
import { type FromSnapshotOptions, readSnapshot, type SnapshotError } from './snapshot';
import { type OwnedParts, readOwnedState } from './state-codec';

/**
 * Options of `replayerFromSnapshot`: those of a replay, but the state it starts
 * from is the snapshot's.
 *
 * @since 0.6.0
 */
export type ReplayerFromSnapshotOptions = Omit<ReplayOptions, 'from' | 'hashSeed'> & FromSnapshotOptions;

/**
 * A replayer that goes on from the state in a snapshot: the same as
 * `createReplayer({ from })` given `fromSnapshot(bytes)`, event for event and
 * state for state, but faster for the events after it. The snapshot's licenses
 * and machines are read straight into the replay's own maps, unfrozen, as if it
 * had replayed them itself: it changes them in place instead of copying each
 * before its first change, and reads one map instead of the state's and its own.
 * No state is made until `result()` is asked for. The bytes are refused as
 * `fromSnapshot` refuses them, and then no replayer is made.
 *
 * @since 0.6.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { decodeLine, emptyLedger, replayerFromSnapshot, toSnapshot } from '@license-ledger/core'
 * const replayer = replayerFromSnapshot(toSnapshot(emptyLedger()), { mode: 'lenient' })
 * assert(E.isRight(replayer))
 * replayer.right.push(decodeLine({ line: 1, text: '{"type":"LicensePurchased","id":"p1","at":"2025-01-01T00:00:00Z","poolId":"kes","module":"KES","quantity":1}' }))
 * assert.deepStrictEqual(replayer.right.result().stats.applied, 1)
 * assert.deepStrictEqual(E.isLeft(replayerFromSnapshot(new Uint8Array([1, 2, 3]))), true)
 */
export const replayerFromSnapshot = (
  bytes: Uint8Array,
  options: ReplayerFromSnapshotOptions = {},
): E.Either<SnapshotError, Replayer> =>
  E.map((parts: OwnedParts) => replayerOver({ ...options, from: parts.state }, (draft) => draft.ownRecords(parts)))(
    readSnapshot(bytes, (reader) => readOwnedState(reader, options.hashSeed), options.crc32),
  );
