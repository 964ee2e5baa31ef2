import type { EventStore } from '../../src/store';

/** A ledger's rows in the events table, in version order. */
export const storedRows = (store: EventStore, ledgerId: string) =>
  store.backend.query<{
    version: number;
    event_id: string;
    body: string;
    outcome: string;
    rule: string | null;
    message: string | null;
  }>('SELECT version, event_id, body, outcome, rule, message FROM events WHERE ledger_id = $1 ORDER BY version', [
    ledgerId,
  ]);

/** The ids of the events stored as rejected, in version order: what a replay's problems name. */
export const rejectedIds = (rows: ReadonlyArray<{ readonly outcome: string; readonly event_id: string }>): string[] =>
  rows.filter((row) => row.outcome === 'rejected').map((row) => row.event_id);
