import type fc from 'fast-check';
import type { ValidHistoryOptions } from '../../src/index';

/**
 * The seed of every property in this suite: fixed, so a failure reproduces with
 * `LEDGER_SEED=<seed> npx jest packages/testing -t '<test name>'` (docs/testing.md).
 */
export const seed = Number(process.env['LEDGER_SEED'] ?? 20251123);

/**
 * The seed of the coverage checks, which look at a fixed sample of generated
 * histories to see that the generators still reach every rule. Fixed whatever
 * `LEDGER_SEED` says, so exploring other seeds never fails them by chance.
 */
export const coverageSeed = 20251123;

/**
 * fast-check parameters: the fixed seed, `LEDGER_NUM_RUNS` runs (the CI default
 * otherwise: `pnpm test:deep` asks for 10 000), and `LEDGER_PATH` to replay one
 * counterexample exactly as fast-check printed it.
 */
export const fcParameters = <T>(ciRuns: number): fc.Parameters<T> => {
  const path = process.env['LEDGER_PATH'];
  return { seed, numRuns: Number(process.env['LEDGER_NUM_RUNS'] ?? ciRuns), ...(path === undefined ? {} : { path }) };
};

/**
 * The histories the suite checks the rules on: everything the ledger accepts.
 * (A core finding once had to be steered around here; see
 * test/regressions/core-findings.spec.ts for how to pin one if it happens again.)
 */
export const SUITE_HISTORY: ValidHistoryOptions = {};
