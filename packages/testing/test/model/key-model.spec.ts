import { instant, type LicenseKeySpec } from '@license-ledger/core';
import { KeyModel } from '../../src/model/key-model';

const DAY = 86_400_000;
const T0 = Date.UTC(2025, 0, 1);
const key = (keyId: string, patch: Partial<LicenseKeySpec> = {}): LicenseKeySpec => ({
  keyId,
  type: 'server',
  edition: 'standard',
  subscription: false,
  termDays: 30,
  ...patch,
});

const slot = (model: KeyModel) => model.allSlots()[0]?.slot;

describe('KeyModel', () => {
  test('R-L3: a key event naming an SVM never registered, or a target reaching none, is refused', () => {
    const model = new KeyModel(T0);
    expect(model.activate({ svmId: 'svm-1', key: key('K-1') })).toBe(false);
    expect(model.addReserve({ target: { all: true }, key: key('K-1') })).toBe(false);
    model.registerSvm({ svmId: 'svm-1', clusterId: 'c-1' });
    expect(model.addReserve({ target: { clusterId: 'c-2' }, key: key('K-1') })).toBe(false);
    expect(model.addReserve({ target: { clusterId: 'c-1' }, key: key('K-1') })).toBe(true);
  });

  test('R-K4: the task refuses a reserve without an active key, of a subscription, a trial or another edition', () => {
    const model = new KeyModel(T0);
    model.registerSvm({ svmId: 'svm-1', clusterId: 'c-1' });
    const svm = model.allSvms()[0]!;
    expect(model.refusal(svm, key('K-2'))).toBe('no-active-key');
    model.activate({ svmId: 'svm-1', key: key('K-1') });
    expect(model.refusal(svm, key('K-2', { type: 'desktop' }))).toBe('type-mismatch');
    expect(model.refusal(svm, key('K-2', { subscription: true }))).toBe('subscription');
    expect(model.refusal(svm, key('K-2', { trial: true }))).toBe('trial');
    expect(model.refusal(svm, key('K-2', { edition: 'enterprise' }))).toBe('edition-mismatch');
    expect(model.refusal(svm, key('K-2'))).toBeNull();
  });

  test('R-K5: the reserve takes over at the end; a key by code with none leaves the slot awaiting renewal', () => {
    const model = new KeyModel(T0);
    model.registerSvm({ svmId: 'svm-1', clusterId: 'c-1' });
    model.activate({ svmId: 'svm-1', key: key('K-1'), viaActivationCode: true });
    model.addReserve({ target: { svmId: 'svm-1' }, key: key('K-2') });
    expect(model.renew({ svmId: 'svm-1', keyType: 'server', succeeded: false })).toBe(false);
    model.advance(T0 + 30 * DAY);
    expect(slot(model)?.active?.key.keyId).toBe('K-2');
    model.advance(T0 + 60 * DAY);
    // The reserve counts as activated by key: no renewal awaited at its end.
    expect([slot(model)?.active, slot(model)?.renewal]).toEqual([null, 'none']);
    model.activate({ svmId: 'svm-1', key: key('K-3'), viaActivationCode: true });
    model.advance(T0 + 90 * DAY);
    expect(slot(model)?.renewal).toBe('awaiting');
    expect(model.renew({ svmId: 'svm-1', keyType: 'server', succeeded: false })).toBe(true);
    expect(slot(model)?.renewal).toBe('failed');
  });

  test('R-K3: a key of the other scheme clears the old slots; a reserve expiring before the new term ends is removed', () => {
    const model = new KeyModel(T0);
    model.registerSvm({ svmId: 'svm-1', clusterId: 'c-1' });
    model.activate({ svmId: 'svm-1', key: key('K-1') });
    model.addReserve({ target: { all: true }, key: key('K-2', { expiresAt: instant(T0 + 40 * DAY) }) });
    model.activate({ svmId: 'svm-1', key: key('K-3', { termDays: 60 }) });
    expect(slot(model)?.reserve).toBeNull();
    model.activate({ svmId: 'svm-1', key: key('K-4', { type: 'cores' }) });
    expect(model.allSlots().map((s) => s.slot.type)).toEqual(['cores']);
  });
});
