import { getLicense } from '@license-ledger/core';
import { setEntry } from '@license-ledger/core/internal';
import { cleanDatabaseSparesKavKam } from '../../src/invariants/clean-database-spares-kav-kam';
import { deletedAgent, withLicense } from '../support/fixtures';
import { eventBuilder, replayedClean } from '../../src/builders/events';

const e = eventBuilder();

/** ws-1 had KAV and BUDR seats when its agent was deleted: both are held (R-D1). */
const deleted = () =>
  replayedClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kav', module: 'KAV', quantity: 2 }),
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'budr', module: 'BUDR', quantity: 2 }),
    e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'kav', machineId: 'ws-1', groupId: 'g-1' }),
    e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'budr', machineId: 'ws-1', groupId: 'g-1' }),
    e('ModuleInstalled', '2025-01-02T00:00:00Z', { poolId: 'budr', machineId: 'ws-2', groupId: 'g-1' }),
    e('AgentDeleted', '2025-02-01T00:00:00Z', { machineId: 'ws-1' }),
  ]);

describe('cleanDatabaseSparesKavKam', () => {
  test('R-D4: passes on a state where a deleted agent holds a KAV and a BUDR seat', () => {
    expect([getLicense(deleted(), 'kav#1')?.status, getLicense(deleted(), 'budr#1')?.status]).toEqual(['held', 'held']);
    expect(cleanDatabaseSparesKavKam(deleted())).toEqual([]);
  });

  test('R-D4: catches a seat that Clean Database leaves held', () => {
    const broken = withLicense(deleted(), 'budr#2', (license) => ({ ...license, status: 'held' }));
    expect(cleanDatabaseSparesKavKam(broken)).toEqual([
      'R-D4: budr#2 still held by a deleted agent after Clean Database',
    ]);
  });

  test('R-D4: catches Clean Database changing a KAV license', () => {
    const state = deleted();
    const agent = deletedAgent(state, 'ws-1@1');
    const installs = agent.installs.map((install) =>
      install.poolId === 'budr' ? { ...install, queue: ['kav#2'] } : install,
    );
    const broken = { ...state, deletedAgents: setEntry(state.deletedAgents, agent.key, { ...agent, installs }) };
    expect(cleanDatabaseSparesKavKam(broken)).toEqual(['R-D4: Clean Database changed kav#2 of KAV pool kav']);
  });
});
