/**
 * A ledger's state at a version: its stored events, replayed.
 *
 * @since 0.1.0
 */
import { type DecodeOptions, emptyLedger, type LedgerState, replayAsync } from '@license-ledger/core';
import { processSeed } from './hash-seed';
import type { Sql } from './backend/sql';
import { readEvents } from './stored-events';

/**
 * `full`: license and machine histories recorded (what explanations read);
 * `none`: counts only, less memory.
 *
 * @since 0.1.0
 * @example const h: History = 'none'
 */
export type History = 'full' | 'none';

/** @since 0.1.0 @example const l: LedgerAt['version'] = 42 */
export interface LedgerAt {
  readonly ledgerId: string;
  /** The number of stored events the state includes. */
  readonly version: number;
  readonly state: LedgerState;
}

/** @since 0.1.0 @example const o: LedgerAtOptions = { history: 'none' } */
export interface LedgerAtOptions {
  readonly history?: History;
  readonly decode?: DecodeOptions;
  readonly batchSize?: number;
}

/**
 * Builds the state of `ledgerId` at `version` from what `sql` sees. Throws only
 * when the database fails (the caller turns it into a value).
 *
 * @since 0.1.0
 * @example const at = await ledgerAt(sql, 'acme', 120)
 */
export const ledgerAt = async (sql: Sql, ledgerId: string, version: number, options: LedgerAtOptions = {}): Promise<LedgerAt> => {
  const history = options.history ?? 'full';
  const from = emptyLedger({ hashSeed: processSeed() });
  if (version === 0) return { ledgerId, version, state: from };
  const events = readEvents(sql, ledgerId, {
    fromVersion: 1,
    toVersion: version,
    ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
    ...(options.decode === undefined ? {} : { decode: options.decode }),
  });
  const result = await replayAsync({ mode: 'lenient', history, from })(events);
  return { ledgerId, version, state: result.state };
};
