/**
 * Migration 002: the live projection and its checkpoints. Applied verbatim by `migrate()`, recorded in
 * `schema_migrations`; never edited once released (a change is a new migration).
 *
 * @since 0.1.0
 */
export const sql = `
-- 002: the live projection (pool counts and problems) and its checkpoints.

-- How far the projector has gone in each ledger. A projector holds a ledger by
-- locking its row (FOR UPDATE SKIP LOCKED) for the length of one batch.
CREATE TABLE projector_checkpoints (
  ledger_id  text        PRIMARY KEY,
  version    bigint      NOT NULL DEFAULT 0,   -- events projected: 1 … version
  as_of      text,                             -- the ledger's clock after them (ISO-8601 UTC), null before any
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Per ledger and pool, the Install/Remove popup and the License Manager counts
-- at the ledger's clock (projector_checkpoints.as_of) after the checkpoint's events.
CREATE TABLE pool_counts (
  ledger_id        text    NOT NULL,
  pool_id          text    NOT NULL,
  module           text    NOT NULL,
  version          bigint  NOT NULL,     -- the checkpoint at which these counts last changed
  expired          integer NOT NULL,
  applied          integer NOT NULL,
  partial          integer NOT NULL,
  pending_installs integer NOT NULL,
  extended         integer NOT NULL,
  other            integer NOT NULL,
  unused           integer NOT NULL,
  used             integer NOT NULL,
  max              integer NOT NULL,
  groups           text    NOT NULL,     -- JSON: [{"groupId":…,"machines":…}] (R-V3)
  PRIMARY KEY (ledger_id, pool_id)
);

-- Every event the rules rejected, as replay reports it.
CREATE TABLE ledger_problems (
  ledger_id text   NOT NULL,
  version   bigint NOT NULL,
  event_id  text,
  rule      text   NOT NULL,
  message   text   NOT NULL,
  PRIMARY KEY (ledger_id, version)
);
`;
