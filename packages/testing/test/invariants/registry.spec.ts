import type * as Core from '@license-ledger/core';
import type { LedgerEvent, LedgerState } from '@license-ledger/core';
import { checkAllInvariants, historyInvariants, stateInvariants, stepInvariants } from '../../src/invariants/registry';
import { kesHistory, withLicense } from '../support/fixtures';

// A deliberately broken ledger: applying the event with id `mockBreakAfter` also runs `mockBreak` on the state it leads to.
let mockBreakAfter: string | null = null;
let mockBreak: (state: LedgerState) => LedgerState = (state) => state;
jest.mock('@license-ledger/core', () => {
  const core = jest.requireActual<typeof Core>('@license-ledger/core');
  return {
    ...core,
    applyEvent: (event: LedgerEvent) => (state: LedgerState) => {
      const result = core.applyEvent(event)(state);
      return event.id === mockBreakAfter ? { ...result, state: mockBreak(result.state) } : result;
    },
  };
});

afterEach(() => {
  mockBreakAfter = null;
});

describe('checkAllInvariants', () => {
  test('passes on a hand-checked history', () => {
    expect(checkAllInvariants(kesHistory())).toEqual([]);
  });

  test('R-L3: catches a machine running two KES licenses in a state a broken ledger reaches, and says after which event', () => {
    const events = kesHistory();
    mockBreakAfter = events[events.length - 1]?.id ?? null;
    // kes#4 is Unused in kesHistory; the broken ledger applies it to ws-1, which already runs kes#1.
    mockBreak = (state) =>
      withLicense(state, 'kes#4', (license) => ({ ...license, status: 'applied', machineId: 'ws-1' }));
    expect(checkAllInvariants(events)).toContainEqual(
      `after #6 ${mockBreakAfter} (InstallRequested, applied) at 2025-03-11T00:00:00Z: R-L3: machine ws-1 has 2 applied KES licenses: kes#1, kes#4`,
    );
  });
});

describe('stateInvariants', () => {
  test('lists every state invariant by name', () => {
    expect(Object.keys(stateInvariants)).toEqual([
      'conservation',
      'noNegativeCounts',
      'oneStatePerLicense',
      'oneMachinePerLicense',
      'oneAppliedKesPerMachine',
      'groupsCountInstalledMachines',
      'autoExtendTakesUnused',
      'extensionsStartAtPreviousEnd',
      'recoveryIsIdempotent',
      'cleanDatabaseSparesKavKam',
      'reserveKeyBesideActiveKey',
    ]);
  });
});

describe('stepInvariants', () => {
  test('lists every step invariant by name', () => {
    expect(Object.keys(stepInvariants)).toEqual(['partialsFirst', 'daysLeftNeverGrow', 'expiredStaysExpired']);
  });
});

describe('historyInvariants', () => {
  test('lists every whole-history invariant by name', () => {
    expect(Object.keys(historyInvariants)).toEqual([
      'repeatedEventChangesNothing',
      'replayIsDeterministic',
      'stepwiseEqualsReplay',
      'strictAndLenientAgree',
    ]);
  });
});
