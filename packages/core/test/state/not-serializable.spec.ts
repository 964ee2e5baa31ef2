import { serialize } from 'node:v8';
import { pipe } from 'fp-ts/function';
import { applyEvent, emptyLedger, type LedgerState, replay } from '../../src/index';
import { eventBuilder } from '@license-ledger/testing';

const states = (): [string, LedgerState][] => {
  const e = eventBuilder();
  const events = [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
  ];
  const replayed = pipe(events, replay()).state;
  return [
    ['an empty ledger', emptyLedger()],
    ['a replayed state', replayed],
    ['a state from applyEvent', applyEvent(e('RecoveryRun', '2025-01-03T00:00:00Z', {}))(replayed).state],
  ];
};

const SUPPORTED = 'toSnapshot/fromSnapshot from @license-ledger/core';

describe('stateToJSON', () => {
  test.each(states())('JSON.stringify of %s fails, naming the supported way', (_, state) => {
    expect(() => JSON.stringify(state)).toThrow(SUPPORTED);
    expect(() => JSON.stringify({ nested: state })).toThrow(SUPPORTED);
  });

  test.each(states())('structuredClone of %s fails, naming the supported way', (_, state) => {
    expect(() => structuredClone(state)).toThrow(SUPPORTED);
  });

  test.each(states())('v8.serialize of %s fails, naming the supported way', (_, state) => {
    expect(() => serialize(state)).toThrow(SUPPORTED);
  });
});
