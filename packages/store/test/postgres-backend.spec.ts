import * as E from 'fp-ts/Either';
import { postgresBackend } from '../src/backend/postgres-backend';
import { createStore } from '../src/store';
import { newDatabase, usePostgres } from './support/backends';
import { ledgerEvents } from './support/events';

usePostgres();

describe('postgresBackend', () => {
  it('8 concurrent writers on 8 ledgers, 10 000 events each, with retried appends: nothing lost or duplicated', async () => {
    const { backend, url } = await newDatabase('postgres');
    const WRITERS = 8;
    const EVENTS = 10_000;
    const BATCH = 250;
    const writer = async (w: number): Promise<{ appends: number; repeats: number }> => {
      const own = createStore(await postgresBackend(url as string, { max: 2 }));
      const events = ledgerEvents(`w${w}`, EVENTS);
      let version = 0;
      let appends = 0;
      let repeats = 0;
      try {
        for (let start = 0; start < EVENTS; start += BATCH) {
          const batch = events.slice(start, start + BATCH);
          const result = await own.append(`ledger-${w}`, batch, { expectedVersion: version })();
          if (E.isLeft(result)) throw new Error(result.left.message);
          version = result.right.version;
          appends += 1;
          // Every fourth batch is sent again, as a writer does when it lost the answer: nothing new.
          if ((start / BATCH) % 4 === 0) {
            const again = await own.append(`ledger-${w}`, batch, { expectedVersion: version - batch.length })();
            if (E.isLeft(again)) throw new Error(again.left.message);
            repeats += again.right.repeats;
          }
        }
      } finally {
        await own.close();
      }
      return { appends, repeats };
    };
    const results = await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
    expect(results.map((r) => r.repeats)).toEqual(Array(WRITERS).fill(10 * BATCH));
    const counts = await backend.query<{
      ledger_id: string;
      n: number;
      ids: number;
      first: number;
      last: number;
      version: number;
    }>(
      `SELECT e.ledger_id, count(*)::int AS n, count(DISTINCT e.event_id)::int AS ids, min(e.version)::int AS first, max(e.version)::int AS last, l.version::int AS version
       FROM events e JOIN ledgers l USING (ledger_id) GROUP BY e.ledger_id, l.version ORDER BY e.ledger_id`,
    );
    expect(counts).toEqual(
      Array.from({ length: WRITERS }, (_, w) => ({
        ledger_id: `ledger-${w}`,
        n: EVENTS,
        ids: EVENTS,
        first: 1,
        last: EVENTS,
        version: EVENTS,
      })),
    );
    // Each ledger holds exactly its writer's events, in the writer's order.
    for (let w = 0; w < WRITERS; w++) {
      const ids = await backend.query<{ event_id: string }>(
        'SELECT event_id FROM events WHERE ledger_id = $1 ORDER BY version',
        [`ledger-${w}`],
      );
      expect(ids.map((r) => r.event_id)).toEqual(ledgerEvents(`w${w}`, EVENTS).map((e) => e['id']));
    }
    await backend.close();
  }, 300_000);

  it('two writers with the same expected version on separate connections: exactly one wins, repeatedly', async () => {
    const { backend, url } = await newDatabase('postgres');
    const a = createStore(await postgresBackend(url as string));
    const b = createStore(await postgresBackend(url as string));
    const events = ledgerEvents('race', 41);
    await a.append('race', [events[0]], { expectedVersion: 0 })();
    let version = 1;
    for (let i = 1; i < 41; i += 2) {
      const results = await Promise.all([
        a.append('race', [events[i]], { expectedVersion: version })(),
        b.append('race', [events[i + 1]], { expectedVersion: version })(),
      ]);
      expect(results.filter(E.isRight)).toHaveLength(1);
      expect(results.filter(E.isLeft).map((r) => r.left._tag)).toEqual(['VersionConflict']);
      version += 1;
    }
    const rows = await backend.query<{ n: number }>("SELECT count(*)::int AS n FROM events WHERE ledger_id = 'race'");
    expect(rows).toEqual([{ n: 21 }]);
    await Promise.all([a.close(), b.close(), backend.close()]);
  }, 60_000);
});
