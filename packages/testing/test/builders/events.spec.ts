import { DAY_MS } from '@license-ledger/core';
import { advancedTo, day, eventBuilder, HOUR_MS, instantOf, numbered, replayedClean, T0 } from '../../src/index';

describe('instantOf', () => {
  test('R-T1: reads ISO-8601 UTC and throws on anything else', () => {
    expect(instantOf('2025-01-01T00:00:00Z')).toBe(Date.UTC(2025, 0, 1));
    expect(() => instantOf('2025-02-29T00:00:00Z')).toThrow('not an ISO-8601 UTC instant: 2025-02-29T00:00:00Z');
  });
});

describe('day', () => {
  test('R-T2: exact days and hours after T0', () => {
    expect(day(65, 5)).toBe(T0 + 65 * DAY_MS + 5 * HOUR_MS);
  });
});

describe('eventBuilder', () => {
  test('numbers ids in call order and takes ISO text or an instant', () => {
    const e = eventBuilder();
    expect(e('RecoveryRun', '2025-01-01T00:00:00Z', {})).toEqual({ type: 'RecoveryRun', id: 'e1', at: T0 });
    expect(e('RecoveryRun', day(1), {})).toEqual({ type: 'RecoveryRun', id: 'e2', at: day(1) });
    expect(eventBuilder('k')('RecoveryRun', T0, {}).id).toBe('k1');
  });

  test('takes an id a test names, and numbers on regardless', () => {
    const e = eventBuilder();
    expect([e('RecoveryRun', T0, {}, 'r1').id, e('RecoveryRun', T0, {}).id]).toEqual(['r1', 'e2']);
  });
});

describe('numbered', () => {
  test('gives steps ids e1, e2, … in order', () => {
    expect(
      numbered([
        { type: 'RecoveryRun', at: T0 },
        { type: 'RecoveryRun', at: day(1) },
      ]).map((event) => event.id),
    ).toEqual(['e1', 'e2']);
  });
});

describe('replayedClean', () => {
  test('R-L3: throws with the line, id and rule of a rejected event', () => {
    const e = eventBuilder();
    expect(() => replayedClean([e('Returned', T0, { poolId: 'kes', machineId: 'ws-1', count: 1 })])).toThrow(
      /\n {2}e1 R-P1: /,
    );
  });
});

describe('advancedTo', () => {
  test('R-T4: moves the clock forward, and refuses the past', () => {
    const e = eventBuilder();
    const state = replayedClean([e('LicensePurchased', day(1), { poolId: 'kes', module: 'KES', quantity: 1 })]);
    expect(advancedTo(state, day(2)).clock).toBe(day(2));
    expect(() => advancedTo(state, T0)).toThrow(/before the ledger's clock/);
  });
});
