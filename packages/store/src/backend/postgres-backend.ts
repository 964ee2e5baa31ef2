/**
 * The server backend: PostgreSQL through node-postgres, a pool of connections
 * for many writers and many processes.
 *
 * @since 0.1.0
 */
import { once } from 'node:events';
import type * as PgModule from 'pg';
import type { Client, Pool, PoolClient } from 'pg';
import type * as CopyStreams from 'pg-copy-streams';
import type { Backend, Row, Sql } from './sql';

// pg and pg-copy-streams are loaded when a PostgreSQL store is opened: a program that
// uses only the embedded store (PGlite) never loads them.
type Pg = typeof PgModule;
type CopyFrom = typeof CopyStreams.from;

// int8 (versions, counts) as numbers, as PGlite returns them: they stay far below 2^53.
const int8 = (value: string): number => Number(value);
const typeParsersOf = ({ types }: Pg) => ({
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === Number(types.builtins.INT8)
      ? int8
      : (types.getTypeParser(oid, format ?? 'text') as (value: string) => unknown)) as typeof types.getTypeParser,
});

/** Statements on the pool, or on one client inside a transaction (`copyFrom` given: only there can it COPY). */
const sqlOf = (client: Pool | PoolClient, copyFrom?: CopyFrom): Sql => ({
  async query<R extends Row = Row>(text: string, params: readonly unknown[] = []) {
    const result = await client.query<R>(text, [...params]);
    return result.rows;
  },
  async script(text) {
    await client.query(text);
  },
  async copyIn(table, columns, data) {
    if (copyFrom === undefined) throw new Error('copyIn runs inside a transaction');
    const stream = (client as PoolClient).query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
    const done = once(stream, 'finish');
    stream.end(data);
    await done;
  },
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/**
 * Connects to PostgreSQL at `url` (`postgres://user@host:port/db`).
 *
 * @since 0.1.0
 */
export const postgresBackend = async (url: string, options: { readonly max?: number } = {}): Promise<Backend> => {
  const pg = await import('pg');
  const { from: copyFrom } = await import('pg-copy-streams');
  const typeParsers = typeParsersOf(pg);
  const pool = new pg.Pool({ connectionString: url, max: options.max ?? 10, types: typeParsers });
  // An idle connection dropped by the server (a restart) is discarded; the next query opens another.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const listeners = new Set<() => Promise<void>>();
  let closed = false;
  return {
    kind: 'postgres',
    ...sqlOf(pool),
    async transaction(work) {
      const client = await pool.connect();
      // A connection the server ends while it is checked out (a restart) emits 'error' on the client; the
      // transaction's next query fails with it, so the event itself is ignored rather than left unhandled.
      const ignore = () => undefined;
      client.on('error', ignore);
      let broken: Error | undefined;
      try {
        await client.query('BEGIN');
        const result = await work(sqlOf(client, copyFrom));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
        } catch (rollbackError) {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        }
        throw error;
      } finally {
        client.off('error', ignore);
        client.release(broken);
      }
    },
    async listen(channel, onNotify, onReconnect) {
      let client: Client | null = null;
      let stopped = false;
      const connect = async (): Promise<void> => {
        for (let attempt = 0; !stopped && !closed; attempt++) {
          const next = new pg.Client({ connectionString: url, types: typeParsers });
          try {
            next.on('error', () => undefined);
            await next.connect();
            next.on('notification', (message) => {
              if (message.channel === channel) onNotify(message.payload ?? '');
            });
            next.on('end', () => {
              if (client === next && !stopped && !closed) {
                client = null;
                void connect().then(() => onReconnect?.());
              }
            });
            await next.query(`LISTEN ${channel}`);
            client = next;
            return;
          } catch {
            await next.end().catch(() => undefined);
            await sleep(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
          }
        }
      };
      await connect();
      const stop = async () => {
        stopped = true;
        listeners.delete(stop);
        const current = client;
        client = null;
        await current?.end().catch(() => undefined);
      };
      listeners.add(stop);
      return stop;
    },
    async close() {
      closed = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await pool.end();
    },
  };
};
