import { getSvm } from '../../src/index';
import { activeKeyId, historyOf, plusDays, plusMs, reserveKeyId, run, slotOf } from './key-fixtures';
import { advancedTo, eventBuilder, instantOf, licenseKey, replayedClean, T0 } from '@license-ledger/testing';

const e = eventBuilder();

// K-A: active 2025-01-01 → 2026-01-01; K-B: its reserve, 30 days.
const END = instantOf('2026-01-01T00:00:00Z');
const withReserve = [
  e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'e1'),
  e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A') }, 'e2'),
  e(
    'ReserveKeyAdded',
    plusDays(T0, 300),
    { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { termDays: 30 }) },
    'e3',
  ),
];

describe('keyTermEnded', () => {
  test('R-K5, R-T2: one millisecond before the active term ends the old key is still active and the reserve still waits', () => {
    const state = advancedTo(replayedClean(withReserve), plusMs(END, -1));
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-A');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });

  test('R-K5: one second before the end, the old key is still active', () => {
    const state = advancedTo(replayedClean(withReserve), plusMs(END, -1000));
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-A');
  });

  test('R-K5: at the end instant the reserve key is active, its term starting there, and the reserve place is empty', () => {
    const slot = slotOf(advancedTo(replayedClean(withReserve), END), 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-B');
    expect(slot?.active?.startAt).toBe(END);
    expect(slot?.active?.endsAt).toBe(plusDays(END, 30));
    expect(slot?.reserve).toBeNull();
    expect(slot?.renewal).toBe('none');
  });

  test('R-T4: an event at exactly the end instant already sees the reserve active', () => {
    // A reserve added at END lands on K-B's slot (active), not on K-A's ended one.
    const state = replayedClean([
      ...withReserve,
      e('ReserveKeyAdded', END, { target: { svmId: 'svm-1' }, key: licenseKey('K-C') }, 'e4'),
    ]);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-C');
  });

  test('R-K1, R-K5: the reserve term that starts at takeover is cut by its own expiresAt', () => {
    const expiresAt = plusDays(END, 10);
    const events = [
      ...withReserve.slice(0, 2),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 300),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { termDays: 365, expiresAt }) },
        'e3',
      ),
    ];
    expect(slotOf(advancedTo(replayedClean(events), END), 'svm-1', 'server')?.active?.endsAt).toBe(expiresAt);
  });

  test('R-K5: with no reserve and no activation code the slot is unlicensed when the term ends', () => {
    const events = withReserve.slice(0, 2);
    expect(activeKeyId(advancedTo(replayedClean(events), plusMs(END, -1)), 'svm-1', 'server')).toBe('K-A');
    const slot = slotOf(advancedTo(replayedClean(events), END), 'svm-1', 'server');
    expect(slot?.active).toBeNull();
    expect(slot?.reserve).toBeNull();
    expect(slot?.renewal).toBe('none');
  });

  test('R-K5: with no reserve and an activation code the slot waits for online renewal when the term ends', () => {
    const events = [
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'e1'),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A'), viaActivationCode: true }, 'e2'),
    ];
    expect(slotOf(advancedTo(replayedClean(events), plusMs(END, -1)), 'svm-1', 'server')?.renewal).toBe('none');
    const slot = slotOf(advancedTo(replayedClean(events), END), 'svm-1', 'server');
    expect(slot?.active).toBeNull();
    expect(slot?.renewal).toBe('awaiting');
  });

  test('R-K5: a reserve key takes over before any online renewal is tried, even for a key activated by code', () => {
    const events = [
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'e1'),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A'), viaActivationCode: true }, 'e2'),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 300),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { termDays: 30 }) },
        'e3',
      ),
    ];
    const slot = slotOf(advancedTo(replayedClean(events), END), 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-B');
    expect(slot?.renewal).toBe('none');
  });

  test('R-K5 (decision): a reserve key that took over is not an activation code, so at its own end the slot is unlicensed', () => {
    const events = [
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'e1'),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A'), viaActivationCode: true }, 'e2'),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 300),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { termDays: 30 }) },
        'e3',
      ),
    ];
    const slot = slotOf(advancedTo(replayedClean(events), plusDays(END, 30)), 'svm-1', 'server');
    expect(slot?.active).toBeNull();
    expect(slot?.renewal).toBe('none');
  });

  test('R-K5, R-T4: running time far past both terms does the takeover and then the reserve’s own end, in order', () => {
    const state = advancedTo(replayedClean(withReserve), plusDays(END, 400));
    const slot = slotOf(state, 'svm-1', 'server');
    expect(slot?.active).toBeNull();
    const changes = historyOf(state, 'svm-1')
      .filter((change) => change.rule === 'R-K5')
      .map((change) => [change.at, change.eventId, change.keyId]);
    expect(changes).toEqual([
      [END, null, 'K-B'],
      [plusDays(END, 30), null, 'K-B'],
    ]);
  });

  test('R-K3, R-K5: a key replaced before its end leaves no trace at its old end instant', () => {
    const events = [
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'e1'),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A') }, 'e2'),
      e('KeyActivated', plusDays(T0, 100), { svmId: 'svm-1', key: licenseKey('K-N', { termDays: 730 }) }, 'e3'),
    ];
    const slot = slotOf(advancedTo(replayedClean(events), plusDays(END, 1)), 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-N');
    expect(slot?.active?.endsAt).toBe(plusDays(T0, 830));
  });

  test('R-K3, R-K5: a slot removed by a scheme switch does not come back at its old key’s end', () => {
    const events = [
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'e1'),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A') }, 'e2'),
      e(
        'KeyActivated',
        plusDays(T0, 100),
        { svmId: 'svm-1', key: licenseKey('K-C', { type: 'cores', termDays: 730 }) },
        'e3',
      ),
    ];
    const state = advancedTo(replayedClean(events), plusDays(END, 1));
    expect(getSvm(state, 'svm-1')?.slots.map((slot) => slot.type)).toEqual(['cores']);
  });

  test('R-K2, R-T4: server and desktop terms ending at the same instant both end, each slot on its own', () => {
    const events = [
      e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'e1'),
      e('SvmRegistered', T0, { svmId: 'svm-2', clusterId: 'c1' }, 'e2'),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-S') }, 'e3'),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-D', { type: 'desktop' }) }, 'e4'),
      e('KeyActivated', T0, { svmId: 'svm-2', key: licenseKey('K-S2') }, 'e5'),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 1),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-DR', { type: 'desktop' }) },
        'e6',
      ),
    ];
    const state = advancedTo(replayedClean(events), END);
    expect(activeKeyId(state, 'svm-1', 'server')).toBeNull();
    expect(activeKeyId(state, 'svm-1', 'desktop')).toBe('K-DR');
    expect(activeKeyId(state, 'svm-2', 'server')).toBeNull();
  });

  test('R-K5: a takeover that happens while replaying is the same as one reached by advanceTo', () => {
    const later = [...withReserve, e('SvmRegistered', plusDays(END, 5), { svmId: 'svm-2', clusterId: 'c2' }, 'e4')];
    const replayed = run(later).state;
    const advanced = advancedTo(replayedClean(withReserve), plusDays(END, 5));
    expect(slotOf(replayed, 'svm-1', 'server')).toEqual(slotOf(advanced, 'svm-1', 'server'));
  });
});
