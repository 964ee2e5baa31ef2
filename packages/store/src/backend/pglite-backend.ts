/**
 * The embedded backend: PGlite (PostgreSQL compiled to WebAssembly) in this
 * process, its data in a directory, or in memory.
 *
 * @since 0.1.0
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type { Backend, Row, Sql } from './sql';

type Runner = Pick<Transaction, 'query' | 'exec'>;

const sqlOf = (runner: Runner): Sql => ({
  async query<R extends Row = Row>(text: string, params: readonly unknown[] = []) {
    const result = await runner.query<R>(text, [...params]);
    return result.rows;
  },
  async script(text) {
    await runner.exec(text);
  },
  async copyIn(table, columns, data) {
    await runner.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([data]) });
  },
});

/**
 * Opens PGlite on `dataDir` (created when missing; `undefined` keeps the
 * database in memory), or wraps an instance you already have.
 *
 * @since 0.1.0
 * @example
 * import { pgliteBackend } from '@license-ledger/store'
 * const backend = await pgliteBackend('./ledger-data')
 */
export const pgliteBackend = async (source: string | undefined | PGlite): Promise<Backend> => {
  // PGlite is loaded when an embedded store is opened: a program that uses only PostgreSQL never loads it.
  const db =
    typeof source === 'object'
      ? source
      : await (await import('@electric-sql/pglite')).PGlite.create(source === undefined ? {} : { dataDir: source });
  // int8 columns (versions) come back as numbers: they stay far below 2^53.
  const base = sqlOf(db);
  return {
    kind: 'pglite',
    ...base,
    transaction: (work) => db.transaction((tx) => work(sqlOf(tx))),
    async listen(channel, onNotify) {
      const unlisten = await db.listen(channel, onNotify);
      return () => unlisten();
    },
    close: () => db.close(),
  };
};
