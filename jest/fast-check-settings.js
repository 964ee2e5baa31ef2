/**
 * The fast-check settings of every property test in the workspace, read from the
 * environment in this one place (docs/testing.md):
 * - LEDGER_SEED: the seed (default 20251123), so every run draws the same cases;
 * - LEDGER_NUM_RUNS: runs per property (default 100; `pnpm test:deep` asks for 10 000);
 * - LEDGER_PATH: replays one counterexample exactly as fast-check printed it.
 */
const integer = (name, fallback) => {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`);
  return value;
};

const path = process.env.LEDGER_PATH;

module.exports = Object.freeze({
  seed: integer('LEDGER_SEED', 20251123),
  numRuns: integer('LEDGER_NUM_RUNS', 100),
  ...(path === undefined || path === '' ? {} : { path }),
});
