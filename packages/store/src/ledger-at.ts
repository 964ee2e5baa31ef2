/**
 * A ledger's state at a version: the latest usable snapshot, then the events
 * after it, replayed.
 *
 * @since 0.1.0
 */
import { type DecodeOptions, emptyLedger, type LedgerState, replayAsync } from '@license-ledger/core';
import { processSeed } from './hash-seed';
import type { Sql } from './backend/sql';
import { latestSnapshot, type SnapshotHistory } from './snapshots';
import { readEvents } from './stored-events';

/**
 * A ledger read back from the store: its state, the version it includes, and the snapshot it started from.
 *
 * @since 0.1.0
 */
export interface LedgerAt {
  readonly ledgerId: string;
  /** The number of stored events the state includes. */
  readonly version: number;
  readonly state: LedgerState;
  /** The version of the snapshot the state started from, or null for a replay from the first event. */
  readonly fromSnapshot: number | null;
}

/** @since 0.1.0 */
export interface LedgerAtOptions {
  readonly history?: SnapshotHistory;
  readonly decode?: DecodeOptions;
  readonly batchSize?: number;
}

/**
 * Builds the state of `ledgerId` at `version` from what `sql` sees. Throws only
 * when the database fails or a snapshot is unreadable (the caller turns both into values).
 *
 * @since 0.1.0
 */
export const ledgerAt = async (
  sql: Sql,
  ledgerId: string,
  version: number,
  options: LedgerAtOptions = {},
): Promise<LedgerAt> => {
  const history = options.history ?? 'full';
  const snapshot = version === 0 ? null : await latestSnapshot(sql, ledgerId, { upTo: version, history });
  const start = snapshot?.version ?? 0;
  const from = snapshot?.state ?? emptyLedger({ hashSeed: processSeed() });
  if (start === version) return { ledgerId, version, state: from, fromSnapshot: snapshot?.version ?? null };
  const events = readEvents(sql, ledgerId, {
    fromVersion: start + 1,
    toVersion: version,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.decode === undefined ? {} : { decode: options.decode }),
  });
  const result = await replayAsync({ mode: 'lenient', history, from })(events);
  return { ledgerId, version, state: result.state, fromSnapshot: snapshot?.version ?? null };
};
