import { slotStatus } from '../src/slot-status';
import { getSvm, type LedgerEvent, type LedgerState, addExactDays, instant } from '@license-ledger/core';
import {
  advancedTo,
  eventBuilder,
  ledgerSpec,
  instantOf,
  licenseKey,
  replayedClean,
  T0,
} from '@license-ledger/testing';

const e = eventBuilder();

const END = instantOf('2026-01-01T00:00:00Z');

const serverSlot = (state: LedgerState) => {
  const slot = getSvm(state, 'svm-1')?.slots.find((s) => s.type === 'server');
  if (slot === undefined) throw new Error('svm-1 has no server slot');
  return slotStatus(slot);
};

const byCode: LedgerEvent[] = [
  e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
  e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A'), viaActivationCode: true }),
];

describe('slotStatus', () => {
  test('docs/report-json.md, R-K1: a running key is licensed, shown with the instant its term ends', () => {
    expect(serverSlot(replayedClean(byCode))).toEqual({
      type: 'server',
      status: 'licensed',
      active: { keyId: 'K-A', endsAt: END },
      reserve: null,
    });
  });

  test('docs/report-json.md, R-K4: a reserve key is shown beside the active one by its id', () => {
    ledgerSpec
      .given([...byCode])
      .when(
        e('ReserveKeyAdded', addExactDays(T0, 300), {
          target: { svmId: 'svm-1' },
          key: licenseKey('K-B', { termDays: 30 }),
        }),
      )
      .then('applied', {
        'docs/report-json.md, R-K4: a reserve key is shown beside the active one by its id': (state) => {
          expect(serverSlot(state)).toEqual({
            type: 'server',
            status: 'licensed',
            active: { keyId: 'K-A', endsAt: END },
            reserve: { keyId: 'K-B' },
          });
        },
      });
  });

  test('R-K5: while online renewal is awaited the slot is unlicensed, with no active key', () => {
    expect(serverSlot(advancedTo(replayedClean(byCode), END))).toEqual({
      type: 'server',
      status: 'unlicensed',
      active: null,
      reserve: null,
    });
  });

  test('R-K5: after online renewal failed the slot is renewal-failed', () => {
    ledgerSpec
      .given(byCode)
      .when(e('ActivationCodeRenewal', instant(END + 60_000), { svmId: 'svm-1', keyType: 'server', succeeded: false }))
      .then('applied', {
        'R-K5: the slot was unlicensed, awaiting renewal': (_after, before) =>
          serverSlot(advancedTo(before, END)).status === 'unlicensed',
        'R-K5: it is renewal-failed after the failure': (after) => serverSlot(after).status === 'renewal-failed',
      });
  });

  test('R-K5: after online renewal succeeded the slot is licensed by the new key', () => {
    const renewedAt = instant(END + 60_000);
    ledgerSpec
      .given(byCode)
      .when(
        e('ActivationCodeRenewal', renewedAt, {
          svmId: 'svm-1',
          keyType: 'server',
          succeeded: true,
          key: licenseKey('K-R', { termDays: 30 }),
        }),
      )
      .then('applied', {
        'R-K5, R-K1: licensed by K-R for 30 days from the renewal': (after) =>
          expect(serverSlot(after)).toEqual({
            type: 'server',
            status: 'licensed',
            active: { keyId: 'K-R', endsAt: addExactDays(renewedAt, 30) },
            reserve: null,
          }),
      });
  });

  test('R-K5: a renewal while the key still runs is rejected and the slot stays licensed by it', () => {
    ledgerSpec
      .given(byCode)
      .when(e('ActivationCodeRenewal', instant(END - 60_000), { svmId: 'svm-1', keyType: 'server', succeeded: false }))
      .then(
        { rejectedBy: 'R-K5' },
        { 'R-L3: the slot is as before': (after) => serverSlot(after).status === 'licensed' },
      );
  });

  test('R-K5: a key not activated by code that ends with no reserve leaves the slot unlicensed', () => {
    const events = [
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A') }),
    ];
    expect(serverSlot(advancedTo(replayedClean(events), instant(END - 1))).status).toBe('licensed');
    expect(serverSlot(advancedTo(replayedClean(events), END)).status).toBe('unlicensed');
  });

  test('R-K3, R-K5: a manual activation after a failed renewal makes the slot licensed again', () => {
    const events = [
      ...byCode,
      e('ActivationCodeRenewal', END, { svmId: 'svm-1', keyType: 'server', succeeded: false }),
      e('KeyActivated', addExactDays(END, 1), { svmId: 'svm-1', key: licenseKey('K-M') }),
    ];
    expect(serverSlot(replayedClean(events)).status).toBe('licensed');
  });
});
