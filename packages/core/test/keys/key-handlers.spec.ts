import * as E from 'fp-ts/Either';
import { advanceTo, applyEvent, type LedgerEvent, type TaskErrorReason } from '../../src/index';
import { getSvm, reserveRefusal } from '../../src/internal';
import {
  activated,
  activeKeyId,
  at,
  historyOf,
  key,
  plusDays,
  plusMs,
  registered,
  renewal,
  reserveAdded,
  reserveKeyId,
  run,
  slotOf,
  slotTypes,
  stateAt,
  stateOf,
  T0,
  taskErrorsOf,
} from './key-fixtures';

const END = at('2026-01-01T00:00:00Z'); // K-A's end when activated at T0
const LATER = plusDays(T0, 200);

/** svm-1 and svm-2 in cluster c1, svm-3 in c2; svm-1 and svm-3 have a standard server key. */
const fleet: LedgerEvent[] = [
  registered('r1', T0, 'svm-1', 'c1'),
  registered('r2', T0, 'svm-2', 'c1'),
  registered('r3', T0, 'svm-3', 'c2'),
  activated('a1', T0, 'svm-1', key('K-A')),
  activated('a3', T0, 'svm-3', key('K-A3')),
];

const oneSvm = (activeKey = key('K-A'), viaActivationCode?: boolean): LedgerEvent[] => [
  registered('r1', T0, 'svm-1', 'c1'),
  activated('a1', T0, 'svm-1', activeKey, viaActivationCode),
];

const rejectionsOf = (events: readonly LedgerEvent[]) => run(events).problems.map((p) => [p.eventId, p.kind, p.rule]);

describe('SvmRegistered', () => {
  test('R-K2: a registered SVM starts in its cluster with no slot and no task error', () => {
    const svm = getSvm(stateOf([registered('r1', T0, 'svm-1', 'c1')]), 'svm-1');
    expect(svm?.clusterId).toBe('c1');
    expect(svm?.slots).toEqual([]);
    expect(svm?.taskErrors.length).toBe(0);
  });

  test('R-K4: an SVM registered again moves to the new cluster with its keys, and cluster targets follow it', () => {
    const state = stateOf([
      ...oneSvm(),
      registered('r2', LATER, 'svm-1', 'c9'),
      reserveAdded('k1', LATER, { clusterId: 'c9' }, key('K-B')),
    ]);
    expect(getSvm(state, 'svm-1')?.clusterId).toBe('c9');
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-A');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });
});

describe('KeyActivated', () => {
  test('R-L3: a key activated on an SVM that was never registered is rejected and creates nothing', () => {
    const result = run([activated('a1', T0, 'svm-x', key('K-A'))]);
    expect(result.problems.map((p) => [p.eventId, p.kind, p.rule])).toEqual([['a1', 'rejected', 'R-L3']]);
    expect(getSvm(result.state, 'svm-x')).toBeUndefined();
  });

  test('R-K3: the key becomes active in the slot of its type, not activated by code unless the event says so', () => {
    const slot = slotOf(stateOf(oneSvm()), 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-A');
    expect(slot?.active?.viaActivationCode).toBe(false);
    expect(slot?.reserve).toBeNull();
    expect(slot?.renewal).toBe('none');
    expect(slotOf(stateOf(oneSvm(key('K-A'), true)), 'svm-1', 'server')?.active?.viaActivationCode).toBe(true);
  });

  test('R-K2: server and desktop keys are active side by side, each in its own slot, slots in type order', () => {
    const state = stateOf([...oneSvm(), activated('a2', LATER, 'svm-1', key('K-D', { type: 'desktop' }))]);
    expect(slotTypes(state, 'svm-1')).toEqual(['desktop', 'server']);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-A');
    expect(activeKeyId(state, 'svm-1', 'desktop')).toBe('K-D');
  });

  test('R-K3: a new key of the same type replaces the active one, its term starting at the activation', () => {
    const slot = slotOf(
      stateOf([...oneSvm(), activated('a2', LATER, 'svm-1', key('K-N', { termDays: 30 }))]),
      'svm-1',
      'server',
    );
    expect(slot?.active?.key.keyId).toBe('K-N');
    expect(slot?.active?.startAt).toBe(LATER);
    expect(slot?.active?.endsAt).toBe(plusDays(LATER, 30));
  });

  test('R-K3: a reserve whose expiresAt falls before the new active term ends is removed', () => {
    // New term: LATER → LATER + 365 days; the reserve expires a millisecond earlier.
    const state = stateOf([
      ...oneSvm(),
      reserveAdded(
        'k1',
        plusDays(T0, 1),
        { svmId: 'svm-1' },
        key('K-B', { expiresAt: plusMs(plusDays(LATER, 365), -1) }),
      ),
      activated('a2', LATER, 'svm-1', key('K-N')),
    ]);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-N');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBeNull();
    expect(
      historyOf(state, 'svm-1').some((c) => c.rule === 'R-K3' && c.keyId === 'K-N' && c.what.includes('K-B')),
    ).toBe(true);
  });

  test('R-K3: a reserve that expires exactly when the new term ends is not "before" it and is kept', () => {
    const state = stateOf([
      ...oneSvm(),
      reserveAdded('k1', plusDays(T0, 1), { svmId: 'svm-1' }, key('K-B', { expiresAt: plusDays(LATER, 365) })),
      activated('a2', LATER, 'svm-1', key('K-N')),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });

  test('R-K3: a reserve with no expiresAt, or one after the new term, is kept', () => {
    for (const reserve of [key('K-B'), key('K-B', { expiresAt: plusDays(LATER, 900) })]) {
      const state = stateOf([
        ...oneSvm(),
        reserveAdded('k1', plusDays(T0, 1), { svmId: 'svm-1' }, reserve),
        activated('a2', LATER, 'svm-1', key('K-N')),
      ]);
      expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    }
  });

  test('R-K3: the removal is judged against the new term, cut by the new key’s own expiresAt', () => {
    // The new key expires in 100 days, so a reserve expiring in 200 days is not before its end.
    const state = stateOf([
      ...oneSvm(),
      reserveAdded('k1', plusDays(T0, 1), { svmId: 'svm-1' }, key('K-B', { expiresAt: plusDays(LATER, 200) })),
      activated('a2', LATER, 'svm-1', key('K-N', { expiresAt: plusDays(LATER, 100) })),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });

  test('R-K3 Decision: a reserve of another edition than the new active key is removed, as K4 would refuse it now', () => {
    const state = stateOf([
      ...oneSvm(),
      reserveAdded('k1', plusDays(T0, 1), { svmId: 'svm-1' }, key('K-B')),
      activated('a2', LATER, 'svm-1', key('K-E', { edition: 'enterprise' })),
    ]);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-E');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBeNull();
    expect(
      historyOf(state, 'svm-1').some(
        (c) => c.rule === 'R-K3' && c.what.includes('K-B') && c.what.includes('enterprise'),
      ),
    ).toBe(true);
  });

  test('R-K3 Decision: a subscription key activated beside a reserve removes the reserve (the checks of K4 hold for the pair at all times)', () => {
    const state = stateOf([
      ...oneSvm(),
      reserveAdded('k1', plusDays(T0, 1), { svmId: 'svm-1' }, key('K-B')),
      activated('a2', LATER, 'svm-1', key('K-S', { subscription: true })),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBeNull();
    // Not merely hidden: at the subscription key's end nothing takes over.
    expect(
      activeKeyId(
        stateAt(
          [
            ...oneSvm(),
            reserveAdded('k1', plusDays(T0, 1), { svmId: 'svm-1' }, key('K-B')),
            activated('a2', LATER, 'svm-1', key('K-S', { subscription: true })),
          ],
          plusDays(LATER, 365),
        ),
        'svm-1',
        'server',
      ),
    ).toBeNull();
  });

  test('R-K3: a cores key removes every active and reserve key of the per-VM scheme', () => {
    const state = stateOf([
      ...oneSvm(),
      activated('a2', T0, 'svm-1', key('K-D', { type: 'desktop' })),
      reserveAdded('k1', plusDays(T0, 1), { svmId: 'svm-1' }, key('K-B')),
      reserveAdded('k2', plusDays(T0, 1), { svmId: 'svm-1' }, key('K-DB', { type: 'desktop' })),
      activated('a3', LATER, 'svm-1', key('K-C', { type: 'cores' })),
    ]);
    expect(getSvm(state, 'svm-1')?.slots.map((s) => [s.type, s.active?.key.keyId, s.reserve])).toEqual([
      ['cores', 'K-C', null],
    ]);
  });

  test('R-K3: a server key removes the cores slot, active and reserve', () => {
    const state = stateOf([
      ...oneSvm(key('K-C', { type: 'cores' })),
      reserveAdded('k1', plusDays(T0, 1), { svmId: 'svm-1' }, key('K-CB', { type: 'cores' })),
      activated('a2', LATER, 'svm-1', key('K-S')),
    ]);
    expect(slotTypes(state, 'svm-1')).toEqual(['server']);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-S');
    // The cores reserve must not come back when the old cores term would have ended.
    expect(
      slotTypes(
        stateAt(
          [...oneSvm(key('K-C', { type: 'cores' })), activated('a2', LATER, 'svm-1', key('K-S'))],
          plusDays(END, 1),
        ),
        'svm-1',
      ),
    ).toEqual(['server']);
  });

  test('R-K3, R-K2: a desktop key leaves the server slot alone (same scheme)', () => {
    const state = stateOf([
      ...oneSvm(),
      reserveAdded('k1', T0, { svmId: 'svm-1' }, key('K-B')),
      activated('a2', LATER, 'svm-1', key('K-D', { type: 'desktop' })),
    ]);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-A');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });

  test('R-K3 Decision: activating the reserve key itself uses it up: it is active and no longer in reserve', () => {
    const state = stateOf([
      ...oneSvm(),
      reserveAdded('k1', T0, { svmId: 'svm-1' }, key('K-B')),
      activated('a2', LATER, 'svm-1', key('K-B')),
    ]);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBeNull();
    // And so, at the end of its term, it does not take over a second time.
    expect(
      activeKeyId(
        stateAt(
          [
            ...oneSvm(),
            reserveAdded('k1', T0, { svmId: 'svm-1' }, key('K-B')),
            activated('a2', LATER, 'svm-1', key('K-B')),
          ],
          plusDays(LATER, 365),
        ),
        'svm-1',
        'server',
      ),
    ).toBeNull();
  });

  test('R-K5: a KeyActivated while online renewal is awaited licenses the slot and ends the wait', () => {
    const events = [...oneSvm(key('K-A'), true), activated('a2', plusDays(END, 2), 'svm-1', key('K-M'))];
    const slot = slotOf(stateOf(events), 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-M');
    expect(slot?.renewal).toBe('none');
    // A late renewal report then has nothing to answer.
    expect(rejectionsOf([...events, renewal('n1', plusDays(END, 3), 'svm-1', 'server', key('K-R'))])).toEqual([
      ['n1', 'rejected', 'R-K5'],
    ]);
  });

  test('R-K5: a manual KeyActivated after a failed online renewal licenses the slot again', () => {
    const slot = slotOf(
      stateOf([
        ...oneSvm(key('K-A'), true),
        renewal('n1', END, 'svm-1', 'server', null),
        activated('a2', plusDays(END, 2), 'svm-1', key('K-M')),
      ]),
      'svm-1',
      'server',
    );
    expect(slot?.active?.key.keyId).toBe('K-M');
    expect(slot?.renewal).toBe('none');
  });
});

describe('ReserveKeyAdded', () => {
  test('R-K4: a key of the active key’s type and edition, neither subscription nor trial, becomes the reserve', () => {
    const result = run([...oneSvm(), reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B'))]);
    expect(result.problems).toEqual([]);
    expect(activeKeyId(result.state, 'svm-1', 'server')).toBe('K-A');
    expect(reserveKeyId(result.state, 'svm-1', 'server')).toBe('K-B');
    expect(taskErrorsOf(result.state, 'svm-1')).toEqual([]);
  });

  test('R-K1, R-K4: a key with no trial field is not a trial key', () => {
    const { trial: _trial, ...noTrial } = key('K-B', { trial: false });
    expect('trial' in noTrial).toBe(false);
    expect(
      reserveKeyId(stateOf([...oneSvm(), reserveAdded('k1', LATER, { svmId: 'svm-1' }, noTrial)]), 'svm-1', 'server'),
    ).toBe('K-B');
  });

  const refused: readonly [string, TaskErrorReason, LedgerEvent[]][] = [
    [
      'there is no active key on the SVM',
      'no-active-key',
      [registered('r1', T0, 'svm-1', 'c1'), reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B'))],
    ],
    [
      'the active key is a subscription key',
      'subscription',
      [...oneSvm(key('K-A', { subscription: true })), reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B'))],
    ],
    [
      'the new key is a subscription key',
      'subscription',
      [...oneSvm(), reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B', { subscription: true }))],
    ],
    [
      'the new key is a trial key',
      'trial',
      [...oneSvm(), reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B', { trial: true }))],
    ],
    [
      'a desktop key on an SVM whose active key is a server key',
      'type-mismatch',
      [...oneSvm(), reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B', { type: 'desktop' }))],
    ],
    [
      'a server key on an SVM licensed by cores',
      'type-mismatch',
      [...oneSvm(key('K-C', { type: 'cores' })), reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B'))],
    ],
    [
      'an enterprise key on a standard active key',
      'edition-mismatch',
      [...oneSvm(), reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B', { edition: 'enterprise' }))],
    ],
  ];

  test.each(refused)(
    'R-K4: refused when %s: task error "%s", the reserve not added, the log not rejected',
    (_why, reason, events) => {
      const result = run(events);
      expect(result.problems).toEqual([]);
      expect(result.stats.applied).toBe(events.length);
      expect(slotOf(result.state, 'svm-1', 'server')?.reserve ?? null).toBeNull();
      expect(getSvm(result.state, 'svm-1')?.slots.every((s) => s.reserve === null)).toBe(true);
      expect(taskErrorsOf(result.state, 'svm-1')).toEqual([{ at: LATER, eventId: 'k1', keyId: 'K-B', reason }]);
    },
  );

  test('R-K4: a refused second reserve leaves the first one in place', () => {
    const state = stateOf([
      ...oneSvm(),
      reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B')),
      reserveAdded('k2', plusDays(LATER, 1), { svmId: 'svm-1' }, key('K-X', { edition: 'enterprise' })),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(taskErrorsOf(state, 'svm-1').map((e) => e.reason)).toEqual(['edition-mismatch']);
  });

  test('R-K4 (decision): a second accepted reserve replaces the first', () => {
    const state = stateOf([
      ...oneSvm(),
      reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B')),
      reserveAdded('k2', plusDays(LATER, 1), { svmId: 'svm-1' }, key('K-B2')),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B2');
    expect(
      activeKeyId(
        stateAt(
          [
            ...oneSvm(),
            reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B')),
            reserveAdded('k2', plusDays(LATER, 1), { svmId: 'svm-1' }, key('K-B2')),
          ],
          END,
        ),
        'svm-1',
        'server',
      ),
    ).toBe('K-B2');
  });

  test('R-K4: server and desktop each take their own reserve', () => {
    const state = stateOf([
      ...oneSvm(),
      activated('a2', T0, 'svm-1', key('K-D', { type: 'desktop' })),
      reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-SB')),
      reserveAdded('k2', LATER, { svmId: 'svm-1' }, key('K-DB', { type: 'desktop' })),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-SB');
    expect(reserveKeyId(state, 'svm-1', 'desktop')).toBe('K-DB');
  });

  test('R-K4 (decision): a desktop key on an SVM whose desktop slot ended but whose server key is active is a type mismatch', () => {
    const events = [
      ...oneSvm(key('K-A', { termDays: 730 })),
      activated('a2', T0, 'svm-1', key('K-D', { type: 'desktop', termDays: 10 })),
      reserveAdded('k1', plusDays(T0, 20), { svmId: 'svm-1' }, key('K-DB', { type: 'desktop' })),
    ];
    const state = stateOf(events);
    expect(slotOf(state, 'svm-1', 'desktop')?.active).toBeNull();
    expect(taskErrorsOf(state, 'svm-1').map((e) => e.reason)).toEqual(['type-mismatch']);
  });

  describe('check order (decision): no-active-key, type-mismatch, subscription, trial, edition-mismatch', () => {
    const reasonFor = (events: LedgerEvent[]): TaskErrorReason | undefined =>
      taskErrorsOf(stateOf(events), 'svm-1')[0]?.reason;
    const everythingWrong = key('K-B', { type: 'desktop', subscription: true, trial: true, edition: 'enterprise' });

    test('R-K4: no active key is reported before anything wrong with the new key', () => {
      expect(
        reasonFor([
          registered('r1', T0, 'svm-1', 'c1'),
          reserveAdded('k1', LATER, { svmId: 'svm-1' }, everythingWrong),
        ]),
      ).toBe('no-active-key');
    });

    test('R-K4: a type mismatch is reported before subscription, trial and edition', () => {
      expect(reasonFor([...oneSvm(), reserveAdded('k1', LATER, { svmId: 'svm-1' }, everythingWrong)])).toBe(
        'type-mismatch',
      );
    });

    test('R-K4: subscription is reported before trial and edition', () => {
      expect(
        reasonFor([
          ...oneSvm(),
          reserveAdded(
            'k1',
            LATER,
            { svmId: 'svm-1' },
            key('K-B', { subscription: true, trial: true, edition: 'enterprise' }),
          ),
        ]),
      ).toBe('subscription');
    });

    test('R-K4: trial is reported before edition', () => {
      expect(
        reasonFor([
          ...oneSvm(),
          reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B', { trial: true, edition: 'enterprise' })),
        ]),
      ).toBe('trial');
    });
  });

  test('R-K4: a target by SVM acts on that SVM only', () => {
    const state = stateOf([...fleet, reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B'))]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(reserveKeyId(state, 'svm-3', 'server')).toBeNull();
    expect(taskErrorsOf(state, 'svm-2')).toEqual([]);
  });

  test('R-K4: a target by cluster acts on each SVM of that cluster only, each deciding on its own', () => {
    const state = stateOf([...fleet, reserveAdded('k1', LATER, { clusterId: 'c1' }, key('K-B'))]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(taskErrorsOf(state, 'svm-1')).toEqual([]);
    expect(taskErrorsOf(state, 'svm-2').map((e) => e.reason)).toEqual(['no-active-key']);
    expect(reserveKeyId(state, 'svm-3', 'server')).toBeNull();
    expect(taskErrorsOf(state, 'svm-3')).toEqual([]);
  });

  test('R-K4: a target of all SVMs acts on every registered SVM', () => {
    const state = stateOf([...fleet, reserveAdded('k1', LATER, { all: true }, key('K-B'))]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(reserveKeyId(state, 'svm-3', 'server')).toBe('K-B');
    expect(taskErrorsOf(state, 'svm-2').map((e) => e.reason)).toEqual(['no-active-key']);
  });

  test('R-L3: a reserve key for an SVM that was never registered is rejected', () => {
    expect(rejectionsOf([...fleet, reserveAdded('k1', LATER, { svmId: 'svm-x' }, key('K-B'))])).toEqual([
      ['k1', 'rejected', 'R-L3'],
    ]);
  });

  test('R-L3, R-L4 (decision): a cluster no registered SVM belongs to is rejected, not silently ignored', () => {
    const result = run([...fleet, reserveAdded('k1', LATER, { clusterId: 'c-none' }, key('K-B'))]);
    expect(result.problems.map((p) => [p.eventId, p.rule])).toEqual([['k1', 'R-L3']]);
    expect(result.problems[0]?.message).toContain('c-none');
  });

  test('R-L3, R-L4 (decision): a target of all SVMs when none is registered is rejected', () => {
    expect(rejectionsOf([reserveAdded('k1', T0, { all: true }, key('K-B'))])).toEqual([['k1', 'rejected', 'R-L3']]);
  });
});

describe('ActivationCodeRenewal', () => {
  const awaiting = oneSvm(key('K-A'), true);

  test('R-K5: a successful renewal makes the new key active from the renewal instant, itself activated by code', () => {
    const renewedAt = plusMs(END, 5 * 60_000);
    const state = stateOf([...awaiting, renewal('n1', renewedAt, 'svm-1', 'server', key('K-R', { termDays: 30 }))]);
    const slot = slotOf(state, 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-R');
    expect(slot?.active?.startAt).toBe(renewedAt);
    expect(slot?.active?.viaActivationCode).toBe(true);
    expect(slot?.renewal).toBe('none');
    // So at the renewed key's end the SVM waits for online renewal again.
    expect(
      slotOf(
        stateAt(
          [...awaiting, renewal('n1', renewedAt, 'svm-1', 'server', key('K-R', { termDays: 30 }))],
          plusDays(renewedAt, 30),
        ),
        'svm-1',
        'server',
      )?.renewal,
    ).toBe('awaiting');
  });

  test('R-K5: a failed renewal leaves the slot unlicensed and marks the renewal failed', () => {
    const slot = slotOf(stateOf([...awaiting, renewal('n1', END, 'svm-1', 'server', null)]), 'svm-1', 'server');
    expect(slot?.active).toBeNull();
    expect(slot?.renewal).toBe('failed');
  });

  test('R-K5 Decision: a renewal recorded while the slot is still licensed (its key still running) is rejected', () => {
    expect(rejectionsOf([...awaiting, renewal('n1', plusMs(END, -1), 'svm-1', 'server', key('K-R'))])).toEqual([
      ['n1', 'rejected', 'R-K5'],
    ]);
  });

  test('R-K5: a renewal report for a key not activated by code is rejected', () => {
    expect(rejectionsOf([...oneSvm(), renewal('n1', END, 'svm-1', 'server', null)])).toEqual([
      ['n1', 'rejected', 'R-K5'],
    ]);
  });

  test('R-K5: a second report after a failure is rejected', () => {
    expect(
      rejectionsOf([
        ...awaiting,
        renewal('n1', END, 'svm-1', 'server', null),
        renewal('n2', plusDays(END, 1), 'svm-1', 'server', key('K-R')),
      ]),
    ).toEqual([['n2', 'rejected', 'R-K5']]);
  });

  test('R-K5: a renewal of a slot the SVM does not have, or with a key of another type, is rejected and changes nothing', () => {
    const wrongSlot = run([...awaiting, renewal('n1', END, 'svm-1', 'desktop', key('K-R', { type: 'desktop' }))]);
    expect(wrongSlot.problems.map((p) => [p.eventId, p.rule])).toEqual([['n1', 'R-K5']]);
    const wrongKey = run([...awaiting, renewal('n1', END, 'svm-1', 'server', key('K-R', { type: 'desktop' }))]);
    expect(wrongKey.problems.map((p) => [p.eventId, p.rule])).toEqual([['n1', 'R-K5']]);
    // A rejected event moves nothing, not even time (R-L3): the key's end is reached by asking as of END.
    const asOfEnd = advanceTo(END)(wrongKey.state);
    if (E.isLeft(asOfEnd)) throw new Error(asOfEnd.left.message);
    expect(slotOf(asOfEnd.right, 'svm-1', 'server')?.renewal).toBe('awaiting');
    expect(slotTypes(asOfEnd.right, 'svm-1')).toEqual(['server']);
    expect(wrongKey.state.clock).toBeLessThan(END);
  });

  test('R-L3: a renewal for an SVM that was never registered is rejected', () => {
    expect(rejectionsOf([renewal('n1', END, 'svm-x', 'server', null)])).toEqual([['n1', 'rejected', 'R-L3']]);
  });
});

describe('reserveRefusal', () => {
  test('R-K4: reads the SVM as it stands: null when the key can be added, the first failed check otherwise', () => {
    const svm = getSvm(stateOf(oneSvm()), 'svm-1');
    if (svm === undefined) throw new Error('svm-1 missing');
    expect(reserveRefusal(svm, key('K-B'))).toBeNull();
    expect(reserveRefusal(svm, key('K-B', { edition: 'enterprise' }))).toBe('edition-mismatch');
    expect(reserveRefusal(svm, key('K-B', { type: 'cores', subscription: true }))).toBe('type-mismatch');
  });

  test('R-K4: applyEvent of a refused reserve returns "applied" with the task error in the new state only', () => {
    const before = stateOf(oneSvm());
    const { state, outcome } = applyEvent(reserveAdded('k1', LATER, { svmId: 'svm-1' }, key('K-B', { trial: true })))(
      before,
    );
    expect(outcome.kind).toBe('applied');
    expect(taskErrorsOf(state, 'svm-1').map((e) => e.reason)).toEqual(['trial']);
    expect(taskErrorsOf(before, 'svm-1')).toEqual([]);
  });
});
