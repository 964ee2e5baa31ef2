import type * as Core from '@license-ledger/core';
import type { ReplayInput, ReplayOptions } from '@license-ledger/core';
import { strictAndLenientAgree } from '../../src/invariants/strict-and-lenient-agree';
import { kesHistory } from '../support/fixtures';
import { eventBuilder } from '../../src/builders/events';

const e = eventBuilder();

// A deliberately broken ledger: with `mockNeverStops` on, strict replay goes on past problems.
let mockNeverStops = false;
jest.mock('@license-ledger/core', () => {
  const core = jest.requireActual<typeof Core>('@license-ledger/core');
  return {
    ...core,
    replay: (options: ReplayOptions) => (inputs: Iterable<ReplayInput>) =>
      core.replay(mockNeverStops ? { ...options, mode: 'lenient' } : options)(inputs),
  };
});

afterEach(() => {
  mockNeverStops = false;
});

/** kesHistory with a Returned of an extension ws-2 never had (R-X3) and an uninstall after it. */
const withProblem = () => [
  ...kesHistory(),
  e('Returned', '2025-03-12T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', count: 1 }),
  e('Uninstalled', '2025-03-13T00:00:00Z', { poolId: 'kes', machineId: 'ws-1' }),
];

describe('strictAndLenientAgree', () => {
  test('R-L4: passes on the ledger, for a valid log and for one with a problem', () => {
    expect(strictAndLenientAgree(kesHistory())).toEqual([]);
    expect(strictAndLenientAgree(withProblem())).toEqual([]);
  });

  test('R-L4: catches a strict replay that does not stop at the first problem', () => {
    mockNeverStops = true;
    expect(strictAndLenientAgree(withProblem())).toEqual([
      expect.stringMatching(/^R-L4: strict reported .*, not just lenient's first problem/),
      expect.stringMatching(/^R-L4: strict ended in another state than lenient/),
    ]);
  });
});
