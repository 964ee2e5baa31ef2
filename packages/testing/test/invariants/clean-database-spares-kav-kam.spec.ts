import { getLicense, setEntry } from '@license-ledger/core/internal';
import { cleanDatabaseSparesKavKam } from '../../src/invariants/clean-database-spares-kav-kam';
import { deletedAgent, ev, withLicense } from '../support/fixtures';
import { replayed } from '../support/ledger';

/** ws-1 had KAV and BUDR seats when its agent was deleted: both are held (R-D1). */
const deleted = () =>
  replayed([
    ev.purchase('2025-01-01T00:00:00Z', 'kav', 'KAV', 2),
    ev.purchase('2025-01-01T00:00:00Z', 'budr', 'BUDR', 2),
    ev.module('2025-01-02T00:00:00Z', 'kav', 'ws-1'),
    ev.module('2025-01-02T00:00:00Z', 'budr', 'ws-1'),
    ev.module('2025-01-02T00:00:00Z', 'budr', 'ws-2'),
    ev.agentDeleted('2025-02-01T00:00:00Z', 'ws-1'),
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
