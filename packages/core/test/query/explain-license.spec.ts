import * as E from 'fp-ts/Either';
import { explainLicense, formatInstant, type LedgerState, type LicenseExplanation } from '../../src/index';
import { advancedTo, eventBuilder, replayedClean } from '@license-ledger/testing';

/** acme-kes: 3 licenses of 365 days; license 1 applied on ws-1 (e2), uninstalled 65 days later (e3). */
const history = () => {
  const e = eventBuilder();
  return [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'acme-kes', module: 'KES', quantity: 3 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'acme-kes', machineId: 'ws-1', groupId: 'g' }),
    e('Uninstalled', '2025-03-08T00:00:00Z', { poolId: 'acme-kes', machineId: 'ws-1' }),
  ];
};

const explained = (state: LedgerState, id: string): LicenseExplanation => {
  const result = explainLicense(id)(state);
  if (E.isLeft(result)) throw new Error(result.left.message);
  return result.right;
};

const steps = (explanation: LicenseExplanation) =>
  explanation.history.map((step) => [formatInstant(step.at), step.eventId, step.rule, step.status, step.daysLeft]);

describe('explainLicense', () => {
  test('R-P1, R-U1: the history starts at the purchase and names every event and rule; 65 days used leave 300', () => {
    const explanation = explained(replayedClean(history()), 'acme-kes#1');
    expect(explanation.license.status).toBe('partial');
    expect(explanation.module).toBe('KES');
    expect(explanation.daysLeft).toBe(300);
    expect(steps(explanation)).toEqual([
      ['2025-01-01T00:00:00Z', 'e1', 'R-P1', 'unused', 365],
      ['2025-01-02T00:00:00Z', 'e2', 'R-I3', 'applied', 365],
      ['2025-03-08T00:00:00Z', 'e3', 'R-U1', 'partial', 300],
    ]);
    expect(explanation.history[0]?.note).toBe('purchased');
  });

  test('R-T3: an applied license counts down to the state clock, though its record is as of its last change', () => {
    const applied = history().slice(0, 2);
    const explanation = explained(advancedTo(replayedClean(applied), '2025-03-08T00:00:00Z'), 'acme-kes#1');
    expect(explanation.license.daysLeft).toBe(365);
    expect(explanation.daysLeft).toBe(300);
  });

  test('R-P1: a license never handed out is Unused with the purchase as its only step', () => {
    const explanation = explained(replayedClean(history()), 'acme-kes#3');
    expect(explanation.license.status).toBe('unused');
    expect(steps(explanation)).toEqual([['2025-01-01T00:00:00Z', 'e1', 'R-P1', 'unused', 365]]);
  });

  test('an id past the pool Max or of no pool is the typed unknown-license Left', () => {
    const state = replayedClean(history());
    for (const id of ['acme-kes#4', 'nope#1']) {
      const result = explainLicense(id)(state);
      expect(E.isLeft(result) && result.left).toMatchObject({ kind: 'unknown-license', licenseId: id });
    }
  });
});
