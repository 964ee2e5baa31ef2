/**
 * The failures a caller should expect from the store, as values (fp-ts Either),
 * each with a `message` fit to show a user.
 *
 * @since 0.1.0
 */

/** The ledger moved on since the caller read it: nothing was written. @since 0.1.0 */
export interface VersionConflict {
  readonly _tag: 'VersionConflict';
  readonly ledgerId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;
  readonly message: string;
}

/** One event that is not valid (R-L2): its index in the append, its id when it has one, and why. @since 0.1.0 */
export interface InvalidEvent {
  readonly index: number;
  readonly eventId: string | null;
  readonly message: string;
}

/** Events that the codecs refuse: nothing was written. @since 0.1.0 */
export interface InvalidEvents {
  readonly _tag: 'InvalidEvents';
  readonly ledgerId: string;
  readonly events: readonly InvalidEvent[];
  readonly message: string;
}

/** An event id already stored (or sent twice in one append) with a different body (R-L5): nothing was written. @since 0.1.0 */
export interface IdReused {
  readonly _tag: 'IdReused';
  readonly ledgerId: string;
  readonly eventId: string;
  /** The version of the stored event with that id, or null when both are in this append. */
  readonly storedVersion: number | null;
  readonly message: string;
}

/** A ledger id the store does not take (empty, longer than 200 characters). @since 0.1.0 */
export interface BadLedgerId {
  readonly _tag: 'BadLedgerId';
  readonly ledgerId: string;
  readonly message: string;
}

/** A saved snapshot that cannot be read back (core's SnapshotError, in words). @since 0.1.0 */
export interface SnapshotUnreadable {
  readonly _tag: 'SnapshotUnreadable';
  readonly ledgerId: string;
  readonly version: number;
  readonly message: string;
}

/** The database failed (connection lost, server down, disk full): retry later. @since 0.1.0 */
export interface DatabaseError {
  readonly _tag: 'DatabaseError';
  readonly message: string;
  readonly cause: unknown;
}

/**
 * Why an append was refused (nothing was stored): a version conflict, invalid events, a reused id, a bad ledger id, or a database error.
 *
 * @since 0.1.0
 */
export type AppendError = VersionConflict | InvalidEvents | IdReused | BadLedgerId | DatabaseError;

/**
 * Any error of the store: an `AppendError`, or a snapshot that cannot be read.
 *
 * @since 0.1.0
 */
export type StoreError = AppendError | SnapshotUnreadable;

/**
 * Wraps anything the database threw as a `DatabaseError` with its message.
 *
 * @since 0.1.0
 */
export const databaseError = (cause: unknown): DatabaseError => ({
  _tag: 'DatabaseError',
  message: cause instanceof Error ? cause.message : String(cause),
  cause,
});

const MAX_LEDGER_ID = 200;

/**
 * Checks a ledger id (a string of 1 to 200 characters): the `BadLedgerId` error, or `null` when it is fine.
 *
 * @since 0.1.0
 */
export const checkLedgerId = (ledgerId: string): BadLedgerId | null =>
  typeof ledgerId === 'string' && ledgerId.length > 0 && ledgerId.length <= MAX_LEDGER_ID
    ? null
    : {
        _tag: 'BadLedgerId',
        ledgerId: String(ledgerId),
        message: `a ledger id is a string of 1 to ${MAX_LEDGER_ID} characters, got ${JSON.stringify(ledgerId)}`,
      };
