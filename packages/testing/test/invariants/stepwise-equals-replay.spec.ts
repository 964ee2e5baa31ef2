import type * as Core from '@license-ledger/core';
import type { ReplayInput, ReplayOptions } from '@license-ledger/core';
import { stepwiseEqualsReplay } from '../../src/invariants/stepwise-equals-replay';
import { kesHistory } from '../support/fixtures';

// A deliberately broken ledger: with `mockDropsLast` on, replay loses the last event.
let mockDropsLast = false;
jest.mock('@license-ledger/core', () => {
  const core = jest.requireActual<typeof Core>('@license-ledger/core');
  return {
    ...core,
    replay: (options: ReplayOptions) => (inputs: Iterable<ReplayInput>) =>
      core.replay(options)(mockDropsLast ? [...inputs].slice(0, -1) : inputs),
  };
});

afterEach(() => {
  mockDropsLast = false;
});

describe('stepwiseEqualsReplay', () => {
  test('R-L6: passes on the ledger for a hand-written history', () => {
    expect(stepwiseEqualsReplay(kesHistory())).toEqual([]);
  });

  test('R-L6: catches a replay that differs from applying the events one by one', () => {
    mockDropsLast = true;
    expect(stepwiseEqualsReplay(kesHistory())).toEqual([
      expect.stringMatching(/^applyEvent one by one ended in another state than replay at \d+: /),
      'applyEvent one by one counted {"applied":6,"skippedDuplicates":0,"rejected":0}, replay {"applied":5,"skippedDuplicates":0,"rejected":0}',
    ]);
  });
});
