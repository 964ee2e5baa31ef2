/**
 * The schema as versioned SQL (`src/migrations/NNN_name.ts`, one migration per
 * file, each exporting its SQL text), applied in order by {@link migrate} and
 * recorded in `schema_migrations`. The SQL lives in modules rather than `.sql`
 * files so that the CommonJS and the ES module builds both carry it without
 * reading files beside the code.
 *
 * @since 0.1.0
 */
import type { Sql } from './backend/sql';
import { sql as eventStore } from './migrations/001_event_store';
import { sql as projection } from './migrations/002_projection';

/**
 * One schema migration of the store: its version, name and SQL.
 *
 * @since 0.1.0
 */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The migrations of this version of the package, in order.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { migrations } from '@license-ledger/store'
 * assert.deepStrictEqual(migrations()[0]?.name, 'event_store')
 */
export const migrations = (): readonly Migration[] => [
  { version: 1, name: 'event_store', sql: eventStore },
  { version: 2, name: 'projection', sql: projection },
];

/** Serialises concurrent `migrate()` calls from several processes (any fixed number). */
const MIGRATION_LOCK = 0x4c4c4d; // 'LLM'

/**
 * Applies, in one transaction, every migration not yet recorded in
 * `schema_migrations`, and returns the versions it applied. Safe to run from
 * several processes at once: they wait for one another on an advisory lock.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { migrate, migrations, pgliteBackend } from '@license-ledger/store'
 * const backend = await pgliteBackend(undefined) // in memory
 * assert.deepStrictEqual(await migrate(backend), migrations().map((m) => m.version)) // a new database: all of them
 * assert.deepStrictEqual(await migrate(backend), []) // nothing left to apply
 * await backend.close()
 */
export const migrate = async (
  db: { transaction<A>(work: (tx: Sql) => Promise<A>): Promise<A> },
  list: readonly Migration[] = migrations(),
): Promise<number[]> =>
  db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.script(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => row.version),
    );
    const applied: number[] = [];
    for (const migration of list) {
      if (done.has(migration.version)) continue;
      await tx.script(migration.sql);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      applied.push(migration.version);
    }
    return applied;
  });
