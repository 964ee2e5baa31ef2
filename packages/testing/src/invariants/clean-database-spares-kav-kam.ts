import {
  applyEvent,
  CLEAN_DATABASE_EXEMPT,
  historyToArray,
  type LedgerState,
  type License,
  listPools,
} from '@license-ledger/core';
import { getLicense, getPool, mapValues, poolLicenses } from '@license-ledger/core/internal';
import type { StateInvariant } from './invariant';

const snapshot = (license: License | undefined): string =>
  license === undefined ? 'none' : JSON.stringify({ ...license, history: historyToArray(license.history) });

/** Licenses queued behind an install of a deleted agent: Clean Database gives them back (R-D2, R-D4). */
const queuedOnDeletedAgents = (state: LedgerState): Set<string> =>
  new Set([...mapValues(state.deletedAgents)].flatMap((agent) => agent.installs.flatMap((install) => install.queue)));

const exemptInstalls = (state: LedgerState): string[] =>
  [...mapValues(state.deletedAgents)]
    .flatMap((agent) =>
      agent.installs
        .filter((install) => CLEAN_DATABASE_EXEMPT.has(getPool(state, install.poolId)?.module ?? ''))
        .map((install) => `${agent.key}:${install.poolId}:${install.licenseId}`),
    )
    .sort();

/**
 * R-D4: a CleanDatabaseRun at the state's clock never touches KAV or KAM — not
 * their licenses, not what deleted agents hold of them — releases every other
 * license held by a deleted agent (none is left held), and leaves every license
 * not on a deleted agent as it was.
 *
 * @since 0.1.0
 * @example
 * import assert from 'node:assert/strict'
 * import { emptyLedger } from '@license-ledger/core'
 * import { cleanDatabaseSparesKavKam } from '@license-ledger/testing'
 * assert.deepStrictEqual(cleanDatabaseSparesKavKam(emptyLedger()), [])
 */
export const cleanDatabaseSparesKavKam: StateInvariant = (state) => {
  if (state.clock === null) return [];
  const result = applyEvent({ type: 'CleanDatabaseRun', id: 'invariant:clean-database-run', at: state.clock })(state);
  if (result.outcome.kind !== 'applied') return [`R-D4: a CleanDatabaseRun was not applied (${result.outcome.kind})`];
  const after = result.state;
  const onDeletedAgents = queuedOnDeletedAgents(state);
  const out: string[] = [];
  for (const pool of listPools(state)) {
    const exempt = CLEAN_DATABASE_EXEMPT.has(pool.module);
    for (const license of poolLicenses(state, pool.poolId)) {
      const changed = snapshot(license) !== snapshot(getLicense(after, license.licenseId));
      const status = getLicense(after, license.licenseId)?.status;
      if (exempt && changed)
        out.push(`R-D4: Clean Database changed ${license.licenseId} of ${pool.module} pool ${pool.poolId}`);
      else if (!exempt && license.status === 'held' && status === 'held')
        out.push(`R-D4: ${license.licenseId} still held by a deleted agent after Clean Database`);
      else if (!exempt && changed && license.status !== 'held' && !onDeletedAgents.has(license.licenseId)) {
        out.push(
          `R-D4: Clean Database changed ${license.licenseId} (${license.status} → ${status ?? '?'}), which no deleted agent held`,
        );
      }
    }
  }
  if (exemptInstalls(state).join() !== exemptInstalls(after).join())
    out.push('R-D4: Clean Database released what deleted agents hold of KAV or KAM');
  return out;
};
