import * as E from 'fp-ts/Either';
import type { AgentDeletedEvent, CleanDatabaseRunEvent, RecoveryRunEvent } from '../../events/license-events';
import type { DeletedAgent, Installation } from '../../state/machine';
import type { Pool } from '../../state/pool';
import type { Draft } from '../draft';
import { type Cause, daysLeftAt, releaseWithDaysLeft, transition } from '../licenses';
import { adjustGroup, noteOn } from '../machines';
import { causeOf, type Handler, isKes, unknownMachine } from './handler';
import { returnQueue } from './uninstall';
import { compareIds } from '../../query/compare-ids';

/** R-D4: Clean Database does not apply to these modules (seed KKB000511). */
export const CLEAN_DATABASE_EXEMPT: ReadonlySet<string> = new Set(['KAV', 'KAM']);

/**
 * R-D1: the agent is gone but its running licenses are not lost: each is held with
 * its days fixed at the deletion instant, still counted where it was, until
 * recovery. R-D3: a pending install's license becomes Other.
 */
export const agentDeleted: Handler<AgentDeletedEvent> = (reader, event) => {
  const machine = reader.liveMachine(event.machineId);
  if (machine === undefined) return unknownMachine(event.id, event.machineId);
  return E.right((draft) => {
    const cause = causeOf(event, 'R-D1');
    const held: Installation[] = [];
    for (const install of machine.installs) {
      const license = draft.license(install.licenseId);
      if (install.status === 'pending') {
        if (license !== undefined)
          transition(
            draft,
            license,
            { status: 'other' },
            { ...cause, rule: 'R-D3' },
            'pending install on a deleted agent',
          );
        // The expired install a reinstall was replacing leaves its group with the agent (R-V3).
        if (install.replaces !== null) adjustGroup(draft, install.replaces.poolId, machine.groupId, -1);
        continue;
      }
      adjustGroup(draft, install.poolId, machine.groupId, -1);
      // Read before the transition below, which may change the record in place.
      const running = license?.status === 'applied';
      if (license !== undefined && running) {
        transition(
          draft,
          license,
          { status: 'held', daysLeft: daysLeftAt(license, event.at), startAt: null, endAt: null },
          cause,
          'agent deleted; waiting for recovery',
        );
      }
      const holds = running || install.queue.length > 0;
      if (holds) held.push(install);
    }
    const key = `${machine.machineId}@${machine.incarnation}`;
    draft.setDeletedAgent(
      { key, machineId: machine.machineId, deletedAt: event.at, installs: held },
      holdsKes(draft, held),
    );
    draft.setMachine(
      noteOn(draft, { ...machine, deletedAt: event.at, installs: [] }, cause, 'agent deleted', null, null),
    );
  });
};

type Releases = (pool: Pool) => boolean;

const holdsKes = (draft: Draft, installs: readonly Installation[]): boolean =>
  installs.some((install) => {
    const pool = draft.pool(install.poolId);
    return pool !== undefined && isKes(pool);
  });

/**
 * Releases what deleted agents hold in the pools `releases` accepts: licenses
 * with days become Partial (Expired with none), seats without a term and queued
 * extensions go back to Unused. Agents are taken in deletion order, so partials
 * made by one run are handed out in that order (R-I2).
 */
const releaseDeletedAgents = (draft: Draft, cause: Cause, releases: Releases, agentKeys: Iterable<string>): void => {
  const agents: DeletedAgent[] = [];
  for (const key of agentKeys) {
    const agent = draft.deletedAgent(key);
    if (agent !== undefined) agents.push(agent);
  }
  agents.sort((a, b) => a.deletedAt - b.deletedAt || compareIds(a.key, b.key));
  // One run is one batch: its partials follow any made earlier at the same instant (R-I2).
  const batch = draft.nextSequence();
  for (const agent of agents) {
    const kept: Installation[] = [];
    for (const install of agent.installs) {
      const pool = draft.pool(install.poolId);
      if (pool === undefined || !releases(pool)) {
        kept.push(install);
        continue;
      }
      const license = draft.license(install.licenseId);
      if (license?.status === 'held')
        releaseWithDaysLeft(draft, license, license.daysLeft, agent.deletedAt, cause, batch);
      returnQueue(draft, install, cause);
    }
    if (kept.length !== agent.installs.length)
      draft.setDeletedAgent({ ...agent, installs: kept }, holdsKes(draft, kept));
  }
};

/** R-D2: every KES license waiting for recovery becomes Partial; queued extensions go back to Unused. */
export const recoveryRun: Handler<RecoveryRunEvent> = (_reader, event) =>
  E.right((draft) => releaseDeletedAgents(draft, causeOf(event, 'R-D2'), isKes, draft.awaitingRecoveryKeys()));

/** R-D4: releases deleted agents' licenses of every module except KAV and KAM. */
export const cleanDatabaseRun: Handler<CleanDatabaseRunEvent> = (_reader, event) =>
  E.right((draft) =>
    releaseDeletedAgents(
      draft,
      causeOf(event, 'R-D4'),
      (pool) => !CLEAN_DATABASE_EXEMPT.has(pool.module),
      draft.deletedAgentKeys(),
    ),
  );
