import type * as Core from '@license-ledger/core';
import { type LedgerEvent, type ReplayOptions, type ReplayInput } from '@license-ledger/core';
import { replayIsDeterministic } from '../../src/invariants/replay-is-deterministic';
import { kesHistory } from '../support/fixtures';
import { instantOf } from '../../src/builders/events';

// A deliberately broken ledger: with `mockRuns` counting, every replay after the first drops the last input.
let mockRuns: number | null = null;
jest.mock('@license-ledger/core', () => {
  const core = jest.requireActual<typeof Core>('@license-ledger/core');
  return {
    ...core,
    replay: (options: ReplayOptions) => (inputs: Iterable<ReplayInput>) => {
      const all = [...inputs];
      if (mockRuns === null) return core.replay(options)(all);
      mockRuns += 1;
      return core.replay(options)(mockRuns > 1 ? all.slice(0, -1) : all);
    },
  };
});

afterEach(() => {
  mockRuns = null;
});

describe('replayIsDeterministic', () => {
  test('R-L6: passes on the ledger for a hand-written history', () => {
    expect(replayIsDeterministic(kesHistory())).toEqual([]);
  });

  test('R-L6: catches a replay whose result depends on how often it ran', () => {
    mockRuns = 0;
    expect(replayIsDeterministic(kesHistory())).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^R-L6: a second replay ended in another state/),
        expect.stringMatching(/^R-L6: a replay of copies reported/),
      ]),
    );
  });

  test('R-L1: catches an event that does not survive being written to the log and read back', () => {
    const withTypo = {
      type: 'RecoveryRun',
      id: 'x1',
      at: instantOf('2025-06-01T00:00:00Z'),
      colour: 'red',
    } as unknown as LedgerEvent;
    // Both replays refuse it (an event built in code is checked too, F10), but not in the same words.
    expect(replayIsDeterministic([...kesHistory(), withTypo])).toEqual([
      expect.stringMatching(/^R-L6: a replay of the NDJSON log reported .*"decodeErrors":1.*colour: unknown field/),
    ]);
  });
});
