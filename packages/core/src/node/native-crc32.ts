import * as zlib from 'node:zlib';
import type { Crc32 } from '../snapshot/snapshot';
import { crc32 } from '../snapshot/crc32';

/** `zlib.crc32` (Node ≥ 20.15 and 22.2), or undefined on an older Node: read, not imported by name, so loading never fails. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/**
 * The fastest CRC-32 this Node has, for `toSnapshot`'s, `fromSnapshot`'s and
 * `replayerFromSnapshot`'s `crc32` option: `zlib.crc32` where it exists (~2.7
 * ms for the 13.4 MB body of the 100 000-machine bench state, against ~8 ms for
 * the core's JavaScript, which cannot use the processor's carry-less multiply),
 * else the core's own. Both give the same checksum, so the snapshot's bytes are
 * the same either way.
 *
 * @since 0.6.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { emptyLedger, fromSnapshot, toSnapshot } from '@license-ledger/core'
 * import { fastestCrc32 } from '@license-ledger/core/node'
 * const bytes = toSnapshot(emptyLedger(), { crc32: fastestCrc32 })
 * assert.deepStrictEqual(bytes, toSnapshot(emptyLedger()))
 * assert.deepStrictEqual(E.isRight(fromSnapshot(bytes, { crc32: fastestCrc32 })), true)
 */
export const fastestCrc32: Crc32 = nativeCrc32 === undefined ? crc32 : (bytes) => nativeCrc32(bytes);
