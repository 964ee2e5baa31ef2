import * as E from 'fp-ts/Either';
import type { HashSeed } from '../collections/hash-seed';
import type { LedgerState } from '../state/ledger-state';
import { ByteReader, MalformedBody } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { crc32 } from './crc32';
import { codecLayouts, readState, type SECTIONS, sectionSizes, writeState } from './state-codec';

/** The first eight bytes of every snapshot: `LLEDGER` and a 0x1a (docs/snapshots.md). */
const MAGIC = [0x4c, 0x4c, 0x45, 0x44, 0x47, 0x45, 0x52, 0x1a] as const;
/** magic (8) · format version (u16) · flags (u16) · body length (u32) · CRC-32 of the body (u32), little-endian. */
const HEADER_BYTES = 20;

/**
 * The snapshot format this library writes and reads. A later library that
 * changes the body writes a higher version; this one refuses what it cannot read.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { SNAPSHOT_FORMAT_VERSION } from '@license-ledger/core'
 * assert.deepStrictEqual(SNAPSHOT_FORMAT_VERSION, 2)
 */
export const SNAPSHOT_FORMAT_VERSION = 2;

/**
 * A CRC-32 (IEEE 802.3, zlib's) of bytes, as an unsigned 32-bit integer: what
 * a snapshot's header holds over its body. `fastestCrc32` from
 * `@license-ledger/core/node` is Node's native one.
 *
 * @since 0.6.0
 */
export type Crc32 = (bytes: Uint8Array) => number;

/**
 * Options of `toSnapshot`.
 *
 * @since 0.6.0
 */
export interface ToSnapshotOptions {
  /**
   * How the body's checksum is computed; the core's own JavaScript CRC-32 when
   * not given. Any correct CRC-32 gives the same bytes: a native one is faster
   * (`fastestCrc32` from `@license-ledger/core/node`: ~2.7 against ~8 ms for
   * a 13.4 MB body).
   */
  readonly crc32?: Crc32;
}

/**
 * Options of `fromSnapshot`.
 *
 * @since 0.2.0
 */
export interface FromSnapshotOptions {
  /** The key of the restored state's hash tables (see `HashSeed`); `DEFAULT_HASH_SEED` when not given. */
  readonly hashSeed?: HashSeed;
  /**
   * How the body's checksum is checked (see `ToSnapshotOptions`); the core's own CRC-32 when not given.
   *
   * @since 0.6.0
   */
  readonly crc32?: Crc32;
}

/**
 * Why bytes were refused as a snapshot. Nothing is ever half-loaded: any of these
 * means no state at all.
 *
 * - `not-a-snapshot`: too short for a header, or another file's first bytes;
 * - `unsupported-version`: written in a format version this library does not read;
 * - `truncated`: fewer bytes than the header announces (a copy cut short);
 * - `checksum`: the body's CRC-32 differs from the header's (bits changed), or bytes follow the body;
 * - `malformed`: the checksum holds but the body is not a ledger state this version can rebuild.
 *
 * @since 0.2.0
 */
export interface SnapshotError {
  readonly kind: 'not-a-snapshot' | 'unsupported-version' | 'truncated' | 'checksum' | 'malformed';
  readonly message: string;
}

/**
 * A small writer and a small reader of the current object layout, and small
 * instances of the other classes a read or a write goes through (the id table's,
 * a draft: `codecLayouts`), made at each snapshot written or read and kept until
 * the next. V8 settles a class's layout
 * after its first few instances and reaches the settled layout only through
 * links that a full collection drops once no instance is alive; every optimized
 * function that checks for that layout is then thrown away ("weak objects" in
 * `--trace-deopt-verbose`): some thirty functions of the writer and the reader
 * were optimized again after each full collection between two snapshots
 * (docs/performance.md, tenth and eleventh sessions). Nothing reads these: they
 * are kept alive.
 */
const KEPT: [ByteWriter | null, ByteReader | null, readonly object[]] = [null, null, []];
const NO_BYTES = new Uint8Array(0);

/** The body of a snapshot whose header and checksum hold. */
const checkedBody = (bytes: Uint8Array, checksum: Crc32 = crc32): E.Either<SnapshotError, Uint8Array> => {
  if (bytes.length < HEADER_BYTES || MAGIC.some((b, i) => bytes[i] !== b)) {
    return refuse('not-a-snapshot', 'not a license-ledger snapshot: it does not start with the snapshot header');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(8, true);
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    return refuse(
      'unsupported-version',
      `snapshot format version ${version}; this library reads version ${SNAPSHOT_FORMAT_VERSION} only (make the snapshot again from its log)`,
    );
  }
  const flags = view.getUint16(10, true);
  const length = view.getUint32(12, true);
  const expected = HEADER_BYTES + length;
  if (bytes.length < expected)
    return refuse('truncated', `the snapshot is cut short: ${bytes.length} of ${expected} bytes`);
  if (bytes.length > expected) return refuse('checksum', `${bytes.length - expected} bytes follow the snapshot's body`);
  const body = bytes.subarray(HEADER_BYTES, expected);
  if (checksum(body) !== view.getUint32(16, true))
    return refuse('checksum', 'the snapshot is damaged: its checksum does not match its content');
  if (flags !== 0) return refuse('unsupported-version', `snapshot flags ${flags}; this library knows none`);
  return E.right(body);
};

const refuse = (kind: SnapshotError['kind'], message: string): E.Either<SnapshotError, never> =>
  E.left({ kind, message });

/**
 * The whole state as bytes (docs/snapshots.md): a header with the format
 * version and a CRC-32, then the pools with their purchases, counters and
 * queues, the licenses, machines, deleted agents and SVMs with their histories
 * when the state keeps them, the pending time-driven changes, every applied
 * event id with its body's hash (R-L5), and the clock. Indexes are not written:
 * {@link fromSnapshot} rebuilds them. `options.crc32` (since 0.6.0) computes the
 * checksum, e.g. Node's native one (`fastestCrc32`); the bytes are the same.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger, toSnapshot } from '@license-ledger/core'
 * assert.deepStrictEqual(toSnapshot(emptyLedger()).length, 69)
 */
export const toSnapshot = (state: LedgerState, options: ToSnapshotOptions = {}): Uint8Array => {
  // Room for about what a state without histories takes, so the buffer seldom grows; the header goes in front.
  const records = state.licenses.size + state.machines.size + state.deletedAgents.size + state.agenda.size;
  KEPT[0] = new ByteWriter(16);
  KEPT[2] = codecLayouts();
  const writer = new ByteWriter(4096 + 30 * records + 24 * state.appliedIds.size);
  writer.raw(new Uint8Array(HEADER_BYTES));
  writeState(writer, state);
  const out = writer.finished();
  const body = out.subarray(HEADER_BYTES);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint16(8, SNAPSHOT_FORMAT_VERSION, true);
  view.setUint16(10, 0, true);
  view.setUint32(12, body.length, true);
  view.setUint32(16, (options.crc32 ?? crc32)(body), true);
  return out;
};

/**
 * The state a snapshot holds, rebuilt through the reducers' own draft, or why
 * the bytes are refused. Replaying more events on it (`replay({ from })`) goes on
 * exactly as the original would: events it already applied are recognised by id
 * and skipped (R-L5). The seed of its hash tables is not in the snapshot (it
 * orders nothing observable): give `hashSeed` (e.g. `randomHashSeed()` from
 * `@license-ledger/core/node`) when the snapshot comes from outside, as for a log.
 *
 * @since 0.2.0
 * @example
 * import assert from 'node:assert/strict'
 * import * as E from 'fp-ts/lib/Either.js'
 * import { emptyLedger, fromSnapshot, toSnapshot } from '@license-ledger/core'
 * assert.deepStrictEqual(E.isRight(fromSnapshot(toSnapshot(emptyLedger()))), true)
 * assert.deepStrictEqual(E.isLeft(fromSnapshot(new Uint8Array([1, 2, 3]))), true)
 */
export const fromSnapshot = (
  bytes: Uint8Array,
  options: FromSnapshotOptions = {},
): E.Either<SnapshotError, LedgerState> =>
  readSnapshot(bytes, (reader) => readState(reader, options.hashSeed), options.crc32);

/**
 * Checks `bytes` as a snapshot and reads its body with `read`, which throws
 * `MalformedBody` on what it cannot rebuild; refused whole unless every byte of
 * the body was read. `checksum`: the CRC-32 to check the body with (core's when not given). Shared by `fromSnapshot` and `replayerFromSnapshot`; not
 * exported from the package.
 */
export const readSnapshot = <T>(
  bytes: Uint8Array,
  read: (reader: ByteReader) => T,
  checksum?: Crc32,
): E.Either<SnapshotError, T> => {
  const body = checkedBody(bytes, checksum);
  if (E.isLeft(body)) return body;
  try {
    KEPT[1] = new ByteReader(NO_BYTES);
    KEPT[2] = codecLayouts();
    const reader = new ByteReader(body.right);
    const state = read(reader);
    if (!reader.done) return refuse('malformed', 'the snapshot holds bytes after its ledger state');
    return E.right(state);
  } catch (error) {
    // A checksum that holds over a body this version cannot rebuild (crafted, or a writer's bug): refused whole.
    const why = error instanceof MalformedBody ? error.message : String(error);
    return refuse('malformed', `the snapshot does not hold a ledger state: ${why}`);
  }
};

/**
 * What a snapshot holds, section by section, read from its header and section
 * lengths alone (the checksum is checked; records are not rebuilt): how many
 * bytes its pools, licenses, machines, deleted agents, SVMs, pending changes and
 * applied ids take, and how many of each it holds.
 *
 * @since 0.2.0
 * @example
 * import { emptyLedger, snapshotInfo, toSnapshot } from '@license-ledger/core'
 * snapshotInfo(toSnapshot(emptyLedger())) // Right({ formatVersion: 2, bytes: …, sections: [{ name: 'ledger', … }, …] })
 */
export const snapshotInfo = (bytes: Uint8Array): E.Either<SnapshotError, SnapshotInfo> => {
  const body = checkedBody(bytes);
  if (E.isLeft(body)) return body;
  try {
    return E.right({
      formatVersion: SNAPSHOT_FORMAT_VERSION,
      bytes: bytes.length,
      sections: sectionSizes(new ByteReader(body.right)),
    });
  } catch (error) {
    return refuse(
      'malformed',
      `the snapshot does not hold a ledger state: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
};

/**
 * What `snapshotInfo` tells about snapshot bytes without restoring them: the format version, the size, and each section's size and record count.
 *
 * @since 0.2.0
 */
export interface SnapshotInfo {
  readonly formatVersion: number;
  readonly bytes: number;
  readonly sections: readonly {
    readonly name: (typeof SECTIONS)[number];
    readonly bytes: number;
    readonly records: number;
  }[];
}
