import type * as Core from '@license-ledger/core';
import type { ReplayInput, ReplayOptions } from '@license-ledger/core';
import { snapshotEqualsReplay } from '../../src/invariants/snapshot-equals-replay';
import { kesHistory } from '../support/fixtures';
import { instantOf } from '../../src/builders/events';

// A deliberately broken ledger: with `mockIgnoresFrom` on, replay starts from scratch whatever snapshot it is given.
let mockIgnoresFrom = false;
jest.mock('@license-ledger/core', () => {
  const core = jest.requireActual<typeof Core>('@license-ledger/core');
  return {
    ...core,
    replay:
      ({ from, ...options }: ReplayOptions) =>
      (inputs: Iterable<ReplayInput>) =>
        core.replay(mockIgnoresFrom || from === undefined ? options : { ...options, from })(inputs),
  };
});

afterEach(() => {
  mockIgnoresFrom = false;
});

describe('snapshotEqualsReplay', () => {
  test.each(['2024-12-31T00:00:00Z', '2025-01-03T00:00:00Z', '2025-03-10T12:00:00Z', '2027-01-01T00:00:00Z'])(
    'R-L6: passes on the ledger for a snapshot at %s',
    (when) => {
      expect(snapshotEqualsReplay(instantOf(when))(kesHistory())).toEqual([]);
    },
  );

  test('R-L6: catches a resume that does not start from the snapshot', () => {
    mockIgnoresFrom = true;
    expect(snapshotEqualsReplay(instantOf('2025-01-03T00:00:00Z'))(kesHistory())).toEqual([
      expect.stringMatching(/^a snapshot at 2025-01-03T00:00:00Z resumed ended in another state than one full replay/),
      expect.stringMatching(
        /^a snapshot at 2025-01-03T00:00:00Z resumed reported .*pool kes was never purchased.*, one replay \[\]$/,
      ),
      expect.stringMatching(
        /^a snapshot at 2025-01-03T00:00:00Z run to that instant and resumed ended in another state/,
      ),
    ]);
  });
});
