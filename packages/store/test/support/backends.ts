/**
 * The store suite runs on both backends: PGlite in this process, and a real
 * PostgreSQL server this file starts (beforeAll) and stops (afterAll).
 */
import type { Backend } from '../../src/backend/sql';
import { pgliteBackend } from '../../src/backend/pglite-backend';
import { postgresBackend } from '../../src/backend/postgres-backend';
import { migrate } from '../../src/migrate';
import { createStore, type EventStore } from '../../src/store';
import { freshPglite } from './pglite';
import { type PostgresServer, startPostgres } from './postgres-server';

export type BackendKind = 'pglite' | 'postgres';
export const BACKENDS: readonly BackendKind[] = ['pglite', 'postgres'];

let server: PostgresServer | null = null;

/** Starts the PostgreSQL server for this test file. */
export const usePostgres = (options: { readonly fsync?: boolean } = {}): (() => PostgresServer) => {
  beforeAll(async () => {
    server = await startPostgres(options);
  }, 600_000);
  afterAll(() => {
    server?.stop();
    server = null;
  });
  return () => {
    if (server === null) throw new Error('the PostgreSQL server is not running');
    return server;
  };
};

/** A new, empty, migrated database on `kind`; `url` (postgres only) opens more connections to it. */
export const newDatabase = async (kind: BackendKind): Promise<{ backend: Backend; url: string | null }> => {
  if (kind === 'pglite') {
    const backend = await pgliteBackend(await freshPglite());
    await migrate(backend);
    return { backend, url: null };
  }
  if (server === null) throw new Error('call usePostgres() in this file');
  const url = await server.createDatabase();
  const backend = await postgresBackend(url);
  await migrate(backend);
  return { backend, url };
};

export const openTestStore = async (kind: BackendKind): Promise<EventStore> =>
  createStore((await newDatabase(kind)).backend);
