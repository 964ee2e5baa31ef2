import * as E from 'fp-ts/Either';
import { lookupLicense, lookupMachine, lookupPool, lookupSvm, type LedgerState } from '../../src/index';
import { eventBuilder, replayedClean } from '@license-ledger/testing';

/** acme-kes: 3 licenses; license 1 on ws-1; svm-1 registered. */
const state = (): LedgerState => {
  const e = eventBuilder();
  return replayedClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'acme-kes', module: 'KES', quantity: 3 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'acme-kes', machineId: 'ws-1', groupId: 'g' }),
    e('SvmRegistered', '2025-01-03T00:00:00Z', { svmId: 'svm-1', clusterId: 'c-1' }),
  ]);
};

describe('lookupPool', () => {
  test('a purchased pool is a Right with its Max', () => {
    const found = lookupPool('acme-kes')(state());
    expect(E.isRight(found) && found.right.max).toBe(3);
  });
  test('an id never purchased is the typed unknown-pool Left naming it', () => {
    expect(lookupPool('acme-kse')(state())).toEqual(
      E.left({ kind: 'unknown-pool', poolId: 'acme-kse', message: 'no pool "acme-kse" was purchased' }),
    );
  });
});

describe('lookupLicense', () => {
  test('R-P3: a license handed out is a Right with its status and machine', () => {
    const found = lookupLicense('acme-kes#1')(state());
    expect(E.isRight(found) && [found.right.status, found.right.machineId]).toEqual(['applied', 'ws-1']);
  });
  test('R-P1: a license never handed out is still a license: Unused', () => {
    const found = lookupLicense('acme-kes#3')(state());
    expect(E.isRight(found) && found.right.status).toBe('unused');
  });
  test.each(['acme-kes#4', 'acme-kes#0', 'acme-kes#01', 'acme-kes', 'other#1', ''])(
    '%j (past Max, not a number ≥ 1, no such pool) is the typed unknown-license Left',
    (id) => {
      const found = lookupLicense(id)(state());
      expect(E.isLeft(found) && found.left).toMatchObject({ kind: 'unknown-license', licenseId: id });
    },
  );
});

describe('lookupMachine', () => {
  test('a machine installed on is a Right with its group', () => {
    const found = lookupMachine('ws-1')(state());
    expect(E.isRight(found) && found.right.groupId).toBe('g');
  });
  test('an id no event named is the typed unknown-machine Left', () => {
    const found = lookupMachine('ws-2')(state());
    expect(E.isLeft(found) && found.left).toMatchObject({ kind: 'unknown-machine', machineId: 'ws-2' });
  });
});

describe('lookupSvm', () => {
  test('a registered SVM is a Right with its cluster', () => {
    const found = lookupSvm('svm-1')(state());
    expect(E.isRight(found) && found.right.clusterId).toBe('c-1');
  });
  test('an SVM never registered is the typed unknown-svm Left', () => {
    const found = lookupSvm('svm-2')(state());
    expect(E.isLeft(found) && found.left).toMatchObject({ kind: 'unknown-svm', svmId: 'svm-2' });
  });
});
