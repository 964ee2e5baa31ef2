/**
 * Migration 001: ledgers, their events and snapshots. Applied verbatim by `migrate()`, recorded in
 * `schema_migrations`; never edited once released (a change is a new migration).
 *
 * @since 0.1.0
 */
export const sql = `
-- 001: ledgers, their events and snapshots.

-- One row per ledger (one per customer): its version is the number of events stored.
CREATE TABLE ledgers (
  ledger_id  text        PRIMARY KEY,
  version    bigint      NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Every event appended, in order: version 1, 2, 3… per ledger, no gaps. An event the
-- rules rejected is stored too, with the rule and message replay reports for it.
CREATE TABLE events (
  ledger_id text   NOT NULL,
  version   bigint NOT NULL,
  event_id  text   NOT NULL,
  type      text   NOT NULL,
  body      text   NOT NULL,              -- the event as received (JSON, docs/events.md)
  outcome   text   NOT NULL CHECK (outcome IN ('applied', 'rejected')),
  rule      text,                         -- R-… when rejected
  message   text,                         -- why, when rejected
  PRIMARY KEY (ledger_id, version),
  UNIQUE (ledger_id, event_id)            -- R-L5: one body per event id
);
-- The problems of a ledger without scanning its events.
CREATE INDEX events_rejected ON events (ledger_id, version) WHERE outcome = 'rejected';

-- States saved beside the events (core's toSnapshot format), by the version they include.
CREATE TABLE snapshots (
  ledger_id  text        NOT NULL,
  version    bigint      NOT NULL,
  history    text        NOT NULL CHECK (history IN ('full', 'none')),
  bytes      bytea       NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (ledger_id, version, history)
);
`;
