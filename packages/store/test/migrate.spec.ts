import { postgresBackend } from '../src/backend/postgres-backend';
import { pgliteBackend } from '../src/backend/pglite-backend';
import { migrate, migrations } from '../src/migrate';
import { freshPglite } from './support/pglite';
import { usePostgres } from './support/backends';

const server = usePostgres();

const tables = [
  'events',
  'ledger_problems',
  'ledgers',
  'pool_counts',
  'projector_checkpoints',
  'schema_migrations',
  'snapshots',
];

describe('migrate', () => {
  it('migrations are numbered 1, 2, … without gaps', () => {
    expect(migrations().map((m) => m.version)).toEqual(migrations().map((_, i) => i + 1));
  });

  it('pglite: applies every migration once and records it; a second run applies none', async () => {
    const backend = await pgliteBackend(await freshPglite());
    expect(await migrate(backend)).toEqual([1, 2]);
    expect(await migrate(backend)).toEqual([]);
    expect(
      (await backend.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version')).map(
        (r) => r.version,
      ),
    ).toEqual([1, 2]);
    const found = await backend.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(found.map((r) => r.table_name)).toEqual(tables);
    await backend.close();
  }, 120_000);

  it('postgres: four processes migrating one new database at once apply each migration exactly once', async () => {
    const url = await server().createDatabase();
    const backends = await Promise.all([1, 2, 3, 4].map(() => postgresBackend(url)));
    const applied = await Promise.all(backends.map((b) => migrate(b)));
    expect(applied.flat().sort()).toEqual([1, 2]);
    const found = await backends[0]!.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
    );
    expect(found.map((r) => r.table_name)).toEqual(tables);
    await Promise.all(backends.map((b) => b.close()));
  }, 120_000);
});
