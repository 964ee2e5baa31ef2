/**
 * Snapshots beside the events: core's `toSnapshot` bytes by ledger and version,
 * tagged with whether they hold histories.
 *
 * @since 0.1.0
 */
import { fromSnapshot, type LedgerState, toSnapshot } from '@license-ledger/core';
import { fastestCrc32 } from '@license-ledger/core/node';
import type { Sql } from './backend/sql';
import { processSeed } from './hash-seed';

/**
 * `full`: license and machine histories included (what `explain` reads);
 * `none`: counts only, smaller.
 *
 * @since 0.1.0
 */
export type SnapshotHistory = 'full' | 'none';

/**
 * A snapshot the store saved: ledger, version, history kept or not, size in bytes.
 *
 * @since 0.1.0
 */
export interface SavedSnapshot {
  readonly ledgerId: string;
  readonly version: number;
  readonly history: SnapshotHistory;
  /** Its size. */
  readonly bytes: number;
}

/** A snapshot that does not read back. @since 0.1.0 */
export class UnreadableSnapshot extends Error {
  constructor(
    readonly ledgerId: string,
    readonly version: number,
    why: string,
  ) {
    super(`snapshot of ledger ${ledgerId} at version ${version} is unreadable: ${why}`);
  }
}

/**
 * Writes the snapshot of `state` (the state after `version` events), replacing
 * one of the same version and history.
 *
 * @since 0.1.0
 */
export const writeSnapshot = async (
  sql: Sql,
  ledgerId: string,
  version: number,
  state: LedgerState,
  history: SnapshotHistory,
): Promise<SavedSnapshot> => {
  const bytes = toSnapshot(state, { crc32: fastestCrc32 });
  await sql.query(
    `INSERT INTO snapshots (ledger_id, version, history, bytes) VALUES ($1, $2, $3, $4)
     ON CONFLICT (ledger_id, version, history) DO UPDATE SET bytes = EXCLUDED.bytes, created_at = now()`,
    [ledgerId, version, history, bytes],
  );
  return { ledgerId, version, history, bytes: bytes.length };
};

/**
 * The newest snapshot at or below `upTo` that has the histories asked for (a
 * `none` request takes either kind), read back; null when there is none.
 * A snapshot in a format version this library does not read (written by another
 * version of it) is passed over for an older one, or none: the events are the
 * ledger, a snapshot only saves replaying them. Throws {@link UnreadableSnapshot}
 * for one that does not read back otherwise (damaged): it is never half-loaded.
 *
 * @since 0.1.0
 */
export const latestSnapshot = async (
  sql: Sql,
  ledgerId: string,
  options: { readonly upTo?: number; readonly history: SnapshotHistory },
): Promise<{ readonly version: number; readonly history: SnapshotHistory; readonly state: LedgerState } | null> => {
  const candidates = await sql.query<{ version: number; history: SnapshotHistory }>(
    `SELECT version, history FROM snapshots
     WHERE ledger_id = $1 AND version <= $2 AND (history = 'full' OR $3 = 'none')
     ORDER BY version DESC, history`,
    [ledgerId, options.upTo ?? Number.MAX_SAFE_INTEGER, options.history],
  );
  for (const candidate of candidates) {
    const rows = await sql.query<{ bytes: Uint8Array }>(
      'SELECT bytes FROM snapshots WHERE ledger_id = $1 AND version = $2 AND history = $3',
      [ledgerId, candidate.version, candidate.history],
    );
    const row = rows[0];
    if (row === undefined) continue;
    const version = Number(candidate.version);
    const restored = fromSnapshot(new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength), {
      hashSeed: processSeed(),
      crc32: fastestCrc32,
    });
    if (restored._tag === 'Right') return { version, history: candidate.history, state: restored.right };
    if (restored.left.kind !== 'unsupported-version')
      throw new UnreadableSnapshot(ledgerId, version, restored.left.message);
  }
  return null;
};
