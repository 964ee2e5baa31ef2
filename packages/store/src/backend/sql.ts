/**
 * What the store needs from a database: queries, transactions, COPY and
 * notifications. Two implementations speak the same SQL: PGlite in-process and
 * PostgreSQL through node-postgres.
 *
 * @since 0.1.0
 */

/** A row as the driver returns it. @since 0.1.0 */
export type Row = Record<string, unknown>;

/**
 * A connection or a transaction: run one statement with `$1…` parameters.
 *
 * @since 0.1.0
 */
export interface Sql {
  /** Runs one statement with `$1…` parameters and resolves to its rows. */
  query<R extends Row = Row>(text: string, params?: readonly unknown[]): Promise<R[]>;
  /** Runs several statements separated by semicolons, without parameters (a migration). */
  script(text: string): Promise<void>;
  /** `COPY table (columns) FROM STDIN` in text format: `data` holds tab-separated lines, each ending in a newline. */
  copyIn(table: string, columns: readonly string[], data: string): Promise<void>;
}

/**
 * A database the store runs on.
 *
 * @since 0.1.0
 */
export interface Backend extends Sql {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `work` in one transaction (READ COMMITTED); commits when it resolves, rolls back when it rejects. */
  transaction<A>(work: (tx: Sql) => Promise<A>): Promise<A>;
  /**
   * Calls `onNotify` for every NOTIFY on `channel`, and `onReconnect` after the
   * listening connection was lost and is back (notifications in between are lost:
   * a listener catches up by reading). Resolves to a function that stops listening.
   */
  listen(channel: string, onNotify: (payload: string) => void, onReconnect?: () => void): Promise<() => Promise<void>>;
  /** Closes every connection (or the embedded database). */
  close(): Promise<void>;
}

/**
 * Escapes one value for COPY's text format (`\N` for null).
 *
 * @since 0.1.0
 */
export const copyField = (value: string | number | null): string => {
  if (value === null) return '\\N';
  if (typeof value === 'number') return String(value);
  return /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;
};
