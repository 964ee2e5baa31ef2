/**
 * The ids behind every count of the report: the licenses behind each
 * Install/Remove count and Used, the machines behind each group (what the HTML
 * page links each count to). Each list is an independent recount by the view
 * packages' explain functions, walking the licenses or machines.
 *
 * @since 0.1.0
 */
import * as E from 'fp-ts/Either';
import type { LedgerState } from '@license-ledger/core';
import { explainInstallRemove, type InstallRemoveCount } from '@license-ledger/install-remove';
import { explainGroup, explainUsed } from '@license-ledger/license-manager';
import type { Report } from './report-view';

/**
 * The Install/Remove counts in the order the report prints them.
 *
 * @since 0.1.0
 */
export const INSTALL_REMOVE_COUNTS: readonly InstallRemoveCount[] = [
  'expired',
  'applied',
  'partial',
  'pendingInstalls',
  'extended',
  'other',
  'unused',
];

/**
 * One pool's explanations: license ids per Install/Remove count and for Used, machine ids per group.
 *
 * @since 0.1.0
 */
export interface PoolExplanations {
  readonly poolId: string;
  readonly installRemove: { readonly [C in InstallRemoveCount]: readonly string[] };
  readonly used: readonly string[];
  readonly groups: ReadonlyMap<string, readonly string[]>;
}

/**
 * The explanations of every pool of a report, from the state the report was read from.
 *
 * @since 0.1.0
 */
// Asked only of pools and groups the report lists, so a Left is a bug, not a user mistake.
const idsOf = (ids: E.Either<{ readonly message: string }, readonly string[]>): readonly string[] => {
  if (E.isLeft(ids)) throw new Error(ids.left.message);
  return ids.right;
};

export const countExplanations = (state: LedgerState, report: Report): readonly PoolExplanations[] =>
  report.pools.map((pool) => {
    const ids = (count: InstallRemoveCount) => idsOf(explainInstallRemove(pool.poolId, count)(state));
    return {
      poolId: pool.poolId,
      installRemove: {
        expired: ids('expired'),
        applied: ids('applied'),
        partial: ids('partial'),
        pendingInstalls: ids('pendingInstalls'),
        extended: ids('extended'),
        other: ids('other'),
        unused: ids('unused'),
      },
      used: idsOf(explainUsed(pool.poolId)(state)),
      groups: new Map(
        pool.licenseManager.groups.map((group) => [
          group.groupId,
          idsOf(explainGroup(pool.poolId, group.groupId)(state)),
        ]),
      ),
    };
  });
