import type * as Core from '@license-ledger/core';
import { type LedgerEvent, type LedgerState } from '@license-ledger/core';
import { getIdHash } from '@license-ledger/core/internal';
import { repeatedEventChangesNothing } from '../../src/invariants/repeated-event-changes-nothing';
import { kesHistory } from '../support/fixtures';

// A deliberately broken ledger: with `mockForgetsIds` on, it applies a repeated id again.
let mockForgetsIds = false;
jest.mock('@license-ledger/core', () => {
  const core = jest.requireActual<typeof Core>('@license-ledger/core');
  return {
    ...core,
    applyEvent: (event: LedgerEvent) => (state: LedgerState) =>
      mockForgetsIds && getIdHash(state.appliedIds, event.id) !== undefined
        ? core.applyEvent({ ...event, id: `${event.id}'` })(state)
        : core.applyEvent(event)(state),
  };
});

afterEach(() => {
  mockForgetsIds = false;
});

describe('repeatedEventChangesNothing', () => {
  test('R-L5: passes on the ledger, which skips every repeat, right away or later', () => {
    expect(repeatedEventChangesNothing(kesHistory())).toEqual([]);
  });

  test('R-L5: catches a ledger that applies a repeated id a second time', () => {
    mockForgetsIds = true;
    const [purchase] = kesHistory();
    const found = repeatedEventChangesNothing(purchase === undefined ? [] : [purchase]);
    expect(found).toEqual([
      expect.stringMatching(/^R-L5: k1 delivered twice in a row was applied, not skipped$/),
      expect.stringMatching(/^R-L5: repeating k1 right away changed the ledger at \d+: /),
      expect.stringMatching(/^R-L5: k1 delivered again at the end was applied, not skipped$/),
      expect.stringMatching(/^R-L5: repeating k1 at the end changed the ledger at \d+: /),
    ]);
  });
});
