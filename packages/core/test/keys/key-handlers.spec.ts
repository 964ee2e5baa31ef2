import * as E from 'fp-ts/Either';
import { advanceTo, applyEvent, getSvm, type LedgerEvent, type TaskErrorReason } from '../../src/index';
import { reserveRefusal } from '../../src/internal';
import {
  activeKeyId,
  historyOf,
  plusDays,
  plusMs,
  reserveKeyId,
  run,
  slotOf,
  slotTypes,
  taskErrorsOf,
} from './key-fixtures';
import { advancedTo, eventBuilder, instantOf, licenseKey, replayedClean, T0 } from '@license-ledger/testing';

const e = eventBuilder();

const END = instantOf('2026-01-01T00:00:00Z'); // K-A's end when activated at T0
const LATER = plusDays(T0, 200);

/** svm-1 and svm-2 in cluster c1, svm-3 in c2; svm-1 and svm-3 have a standard server key. */
const fleet: LedgerEvent[] = [
  e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'r1'),
  e('SvmRegistered', T0, { svmId: 'svm-2', clusterId: 'c1' }, 'r2'),
  e('SvmRegistered', T0, { svmId: 'svm-3', clusterId: 'c2' }, 'r3'),
  e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-A') }, 'a1'),
  e('KeyActivated', T0, { svmId: 'svm-3', key: licenseKey('K-A3') }, 'a3'),
];

const oneSvm = (activeKey = licenseKey('K-A'), viaActivationCode?: boolean): LedgerEvent[] => [
  e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'r1'),
  e(
    'KeyActivated',
    T0,
    { svmId: 'svm-1', key: activeKey, ...(viaActivationCode === undefined ? {} : { viaActivationCode }) },
    'a1',
  ),
];

const rejectionsOf = (events: readonly LedgerEvent[]) => run(events).problems.map((p) => [p.eventId, p.kind, p.rule]);

describe('SvmRegistered', () => {
  test('R-K2: a registered SVM starts in its cluster with no slot and no task error', () => {
    const svm = getSvm(replayedClean([e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'r1')]), 'svm-1');
    expect(svm?.clusterId).toBe('c1');
    expect(svm?.slots).toEqual([]);
    expect(svm?.taskErrors.length).toBe(0);
  });

  test('R-K4: an SVM registered again moves to the new cluster with its keys, and cluster targets follow it', () => {
    const state = replayedClean([
      ...oneSvm(),
      e('SvmRegistered', LATER, { svmId: 'svm-1', clusterId: 'c9' }, 'r2'),
      e('ReserveKeyAdded', LATER, { target: { clusterId: 'c9' }, key: licenseKey('K-B') }, 'k1'),
    ]);
    expect(getSvm(state, 'svm-1')?.clusterId).toBe('c9');
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-A');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });
});

describe('KeyActivated', () => {
  test('R-L3: a key activated on an SVM that was never registered is rejected and creates nothing', () => {
    const result = run([e('KeyActivated', T0, { svmId: 'svm-x', key: licenseKey('K-A') }, 'a1')]);
    expect(result.problems.map((p) => [p.eventId, p.kind, p.rule])).toEqual([['a1', 'rejected', 'R-L3']]);
    expect(getSvm(result.state, 'svm-x')).toBeUndefined();
  });

  test('R-K3: the key becomes active in the slot of its type, not activated by code unless the event says so', () => {
    const slot = slotOf(replayedClean(oneSvm()), 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-A');
    expect(slot?.active?.viaActivationCode).toBe(false);
    expect(slot?.reserve).toBeNull();
    expect(slot?.renewal).toBe('none');
    expect(slotOf(replayedClean(oneSvm(licenseKey('K-A'), true)), 'svm-1', 'server')?.active?.viaActivationCode).toBe(
      true,
    );
  });

  test('R-K2: server and desktop keys are active side by side, each in its own slot, slots in type order', () => {
    const state = replayedClean([
      ...oneSvm(),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-D', { type: 'desktop' }) }, 'a2'),
    ]);
    expect(slotTypes(state, 'svm-1')).toEqual(['desktop', 'server']);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-A');
    expect(activeKeyId(state, 'svm-1', 'desktop')).toBe('K-D');
  });

  test('R-K3: a new key of the same type replaces the active one, its term starting at the activation', () => {
    const slot = slotOf(
      replayedClean([
        ...oneSvm(),
        e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-N', { termDays: 30 }) }, 'a2'),
      ]),
      'svm-1',
      'server',
    );
    expect(slot?.active?.key.keyId).toBe('K-N');
    expect(slot?.active?.startAt).toBe(LATER);
    expect(slot?.active?.endsAt).toBe(plusDays(LATER, 30));
  });

  test('R-K3: a reserve whose expiresAt falls before the new active term ends is removed', () => {
    // New term: LATER → LATER + 365 days; the reserve expires a millisecond earlier.
    const state = replayedClean([
      ...oneSvm(),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 1),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { expiresAt: plusMs(plusDays(LATER, 365), -1) }) },
        'k1',
      ),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-N') }, 'a2'),
    ]);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-N');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBeNull();
    expect(
      historyOf(state, 'svm-1').some((c) => c.rule === 'R-K3' && c.keyId === 'K-N' && c.what.includes('K-B')),
    ).toBe(true);
  });

  test('R-K3: a reserve that expires exactly when the new term ends is not "before" it and is kept', () => {
    const state = replayedClean([
      ...oneSvm(),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 1),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { expiresAt: plusDays(LATER, 365) }) },
        'k1',
      ),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-N') }, 'a2'),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });

  test('R-K3: a reserve with no expiresAt, or one after the new term, is kept', () => {
    for (const reserve of [licenseKey('K-B'), licenseKey('K-B', { expiresAt: plusDays(LATER, 900) })]) {
      const state = replayedClean([
        ...oneSvm(),
        e('ReserveKeyAdded', plusDays(T0, 1), { target: { svmId: 'svm-1' }, key: reserve }, 'k1'),
        e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-N') }, 'a2'),
      ]);
      expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    }
  });

  test('R-K3: the removal is judged against the new term, cut by the new key’s own expiresAt', () => {
    // The new key expires in 100 days, so a reserve expiring in 200 days is not before its end.
    const state = replayedClean([
      ...oneSvm(),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 1),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { expiresAt: plusDays(LATER, 200) }) },
        'k1',
      ),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-N', { expiresAt: plusDays(LATER, 100) }) }, 'a2'),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });

  test('R-K3 Decision: a reserve of another edition than the new active key is removed, as K4 would refuse it now', () => {
    const state = replayedClean([
      ...oneSvm(),
      e('ReserveKeyAdded', plusDays(T0, 1), { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-E', { edition: 'enterprise' }) }, 'a2'),
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
    const state = replayedClean([
      ...oneSvm(),
      e('ReserveKeyAdded', plusDays(T0, 1), { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-S', { subscription: true }) }, 'a2'),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBeNull();
    // Not merely hidden: at the subscription key's end nothing takes over.
    expect(
      activeKeyId(
        advancedTo(
          replayedClean([
            ...oneSvm(),
            e('ReserveKeyAdded', plusDays(T0, 1), { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
            e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-S', { subscription: true }) }, 'a2'),
          ]),
          plusDays(LATER, 365),
        ),
        'svm-1',
        'server',
      ),
    ).toBeNull();
  });

  test('R-K3: a cores key removes every active and reserve key of the per-VM scheme', () => {
    const state = replayedClean([
      ...oneSvm(),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-D', { type: 'desktop' }) }, 'a2'),
      e('ReserveKeyAdded', plusDays(T0, 1), { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 1),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-DB', { type: 'desktop' }) },
        'k2',
      ),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-C', { type: 'cores' }) }, 'a3'),
    ]);
    expect(getSvm(state, 'svm-1')?.slots.map((s) => [s.type, s.active?.key.keyId, s.reserve])).toEqual([
      ['cores', 'K-C', null],
    ]);
  });

  test('R-K3: a server key removes the cores slot, active and reserve', () => {
    const state = replayedClean([
      ...oneSvm(licenseKey('K-C', { type: 'cores' })),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 1),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-CB', { type: 'cores' }) },
        'k1',
      ),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-S') }, 'a2'),
    ]);
    expect(slotTypes(state, 'svm-1')).toEqual(['server']);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-S');
    // The cores reserve must not come back when the old cores term would have ended.
    expect(
      slotTypes(
        advancedTo(
          replayedClean([
            ...oneSvm(licenseKey('K-C', { type: 'cores' })),
            e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-S') }, 'a2'),
          ]),
          plusDays(END, 1),
        ),
        'svm-1',
      ),
    ).toEqual(['server']);
  });

  test('R-K3, R-K2: a desktop key leaves the server slot alone (same scheme)', () => {
    const state = replayedClean([
      ...oneSvm(),
      e('ReserveKeyAdded', T0, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-D', { type: 'desktop' }) }, 'a2'),
    ]);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-A');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
  });

  test('R-K3 Decision: activating the reserve key itself uses it up: it is active and no longer in reserve', () => {
    const state = replayedClean([
      ...oneSvm(),
      e('ReserveKeyAdded', T0, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-B') }, 'a2'),
    ]);
    expect(activeKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(reserveKeyId(state, 'svm-1', 'server')).toBeNull();
    // And so, at the end of its term, it does not take over a second time.
    expect(
      activeKeyId(
        advancedTo(
          replayedClean([
            ...oneSvm(),
            e('ReserveKeyAdded', T0, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
            e('KeyActivated', LATER, { svmId: 'svm-1', key: licenseKey('K-B') }, 'a2'),
          ]),
          plusDays(LATER, 365),
        ),
        'svm-1',
        'server',
      ),
    ).toBeNull();
  });

  test('R-K5: a KeyActivated while online renewal is awaited licenses the slot and ends the wait', () => {
    const events = [
      ...oneSvm(licenseKey('K-A'), true),
      e('KeyActivated', plusDays(END, 2), { svmId: 'svm-1', key: licenseKey('K-M') }, 'a2'),
    ];
    const slot = slotOf(replayedClean(events), 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-M');
    expect(slot?.renewal).toBe('none');
    // A late renewal report then has nothing to answer.
    expect(
      rejectionsOf([
        ...events,
        e(
          'ActivationCodeRenewal',
          plusDays(END, 3),
          { svmId: 'svm-1', keyType: 'server', succeeded: true, key: licenseKey('K-R') },
          'n1',
        ),
      ]),
    ).toEqual([['n1', 'rejected', 'R-K5']]);
  });

  test('R-K5: a manual KeyActivated after a failed online renewal licenses the slot again', () => {
    const slot = slotOf(
      replayedClean([
        ...oneSvm(licenseKey('K-A'), true),
        e('ActivationCodeRenewal', END, { svmId: 'svm-1', keyType: 'server', succeeded: false }, 'n1'),
        e('KeyActivated', plusDays(END, 2), { svmId: 'svm-1', key: licenseKey('K-M') }, 'a2'),
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
    const result = run([
      ...oneSvm(),
      e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
    ]);
    expect(result.problems).toEqual([]);
    expect(activeKeyId(result.state, 'svm-1', 'server')).toBe('K-A');
    expect(reserveKeyId(result.state, 'svm-1', 'server')).toBe('K-B');
    expect(taskErrorsOf(result.state, 'svm-1')).toEqual([]);
  });

  test('R-K1, R-K4: a key with no trial field is not a trial key', () => {
    const { trial: _trial, ...noTrial } = licenseKey('K-B', { trial: false });
    expect('trial' in noTrial).toBe(false);
    expect(
      reserveKeyId(
        replayedClean([...oneSvm(), e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: noTrial }, 'k1')]),
        'svm-1',
        'server',
      ),
    ).toBe('K-B');
  });

  const refused: readonly [string, TaskErrorReason, LedgerEvent[]][] = [
    [
      'there is no active key on the SVM',
      'no-active-key',
      [
        e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'r1'),
        e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      ],
    ],
    [
      'the active key is a subscription key',
      'subscription',
      [
        ...oneSvm(licenseKey('K-A', { subscription: true })),
        e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      ],
    ],
    [
      'the new key is a subscription key',
      'subscription',
      [
        ...oneSvm(),
        e(
          'ReserveKeyAdded',
          LATER,
          { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { subscription: true }) },
          'k1',
        ),
      ],
    ],
    [
      'the new key is a trial key',
      'trial',
      [
        ...oneSvm(),
        e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { trial: true }) }, 'k1'),
      ],
    ],
    [
      'a desktop key on an SVM whose active key is a server key',
      'type-mismatch',
      [
        ...oneSvm(),
        e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { type: 'desktop' }) }, 'k1'),
      ],
    ],
    [
      'a server key on an SVM licensed by cores',
      'type-mismatch',
      [
        ...oneSvm(licenseKey('K-C', { type: 'cores' })),
        e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      ],
    ],
    [
      'an enterprise key on a standard active key',
      'edition-mismatch',
      [
        ...oneSvm(),
        e(
          'ReserveKeyAdded',
          LATER,
          { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { edition: 'enterprise' }) },
          'k1',
        ),
      ],
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
    const state = replayedClean([
      ...oneSvm(),
      e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      e(
        'ReserveKeyAdded',
        plusDays(LATER, 1),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-X', { edition: 'enterprise' }) },
        'k2',
      ),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(taskErrorsOf(state, 'svm-1').map((e) => e.reason)).toEqual(['edition-mismatch']);
  });

  test('R-K4 (decision): a second accepted reserve replaces the first', () => {
    const state = replayedClean([
      ...oneSvm(),
      e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
      e('ReserveKeyAdded', plusDays(LATER, 1), { target: { svmId: 'svm-1' }, key: licenseKey('K-B2') }, 'k2'),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B2');
    expect(
      activeKeyId(
        advancedTo(
          replayedClean([
            ...oneSvm(),
            e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
            e('ReserveKeyAdded', plusDays(LATER, 1), { target: { svmId: 'svm-1' }, key: licenseKey('K-B2') }, 'k2'),
          ]),
          END,
        ),
        'svm-1',
        'server',
      ),
    ).toBe('K-B2');
  });

  test('R-K4: server and desktop each take their own reserve', () => {
    const state = replayedClean([
      ...oneSvm(),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-D', { type: 'desktop' }) }, 'a2'),
      e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-SB') }, 'k1'),
      e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-DB', { type: 'desktop' }) }, 'k2'),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-SB');
    expect(reserveKeyId(state, 'svm-1', 'desktop')).toBe('K-DB');
  });

  test('R-K4 (decision): a desktop key on an SVM whose desktop slot ended but whose server key is active is a type mismatch', () => {
    const events = [
      ...oneSvm(licenseKey('K-A', { termDays: 730 })),
      e('KeyActivated', T0, { svmId: 'svm-1', key: licenseKey('K-D', { type: 'desktop', termDays: 10 }) }, 'a2'),
      e(
        'ReserveKeyAdded',
        plusDays(T0, 20),
        { target: { svmId: 'svm-1' }, key: licenseKey('K-DB', { type: 'desktop' }) },
        'k1',
      ),
    ];
    const state = replayedClean(events);
    expect(slotOf(state, 'svm-1', 'desktop')?.active).toBeNull();
    expect(taskErrorsOf(state, 'svm-1').map((e) => e.reason)).toEqual(['type-mismatch']);
  });

  describe('check order (decision): no-active-key, type-mismatch, subscription, trial, edition-mismatch', () => {
    const reasonFor = (events: LedgerEvent[]): TaskErrorReason | undefined =>
      taskErrorsOf(replayedClean(events), 'svm-1')[0]?.reason;
    const everythingWrong = licenseKey('K-B', {
      type: 'desktop',
      subscription: true,
      trial: true,
      edition: 'enterprise',
    });

    test('R-K4: no active key is reported before anything wrong with the new key', () => {
      expect(
        reasonFor([
          e('SvmRegistered', T0, { svmId: 'svm-1', clusterId: 'c1' }, 'r1'),
          e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: everythingWrong }, 'k1'),
        ]),
      ).toBe('no-active-key');
    });

    test('R-K4: a type mismatch is reported before subscription, trial and edition', () => {
      expect(
        reasonFor([
          ...oneSvm(),
          e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: everythingWrong }, 'k1'),
        ]),
      ).toBe('type-mismatch');
    });

    test('R-K4: subscription is reported before trial and edition', () => {
      expect(
        reasonFor([
          ...oneSvm(),
          e(
            'ReserveKeyAdded',
            LATER,
            {
              target: { svmId: 'svm-1' },
              key: licenseKey('K-B', { subscription: true, trial: true, edition: 'enterprise' }),
            },
            'k1',
          ),
        ]),
      ).toBe('subscription');
    });

    test('R-K4: trial is reported before edition', () => {
      expect(
        reasonFor([
          ...oneSvm(),
          e(
            'ReserveKeyAdded',
            LATER,
            { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { trial: true, edition: 'enterprise' }) },
            'k1',
          ),
        ]),
      ).toBe('trial');
    });
  });

  test('R-K4: a target by SVM acts on that SVM only', () => {
    const state = replayedClean([
      ...fleet,
      e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B') }, 'k1'),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(reserveKeyId(state, 'svm-3', 'server')).toBeNull();
    expect(taskErrorsOf(state, 'svm-2')).toEqual([]);
  });

  test('R-K4: a target by cluster acts on each SVM of that cluster only, each deciding on its own', () => {
    const state = replayedClean([
      ...fleet,
      e('ReserveKeyAdded', LATER, { target: { clusterId: 'c1' }, key: licenseKey('K-B') }, 'k1'),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(taskErrorsOf(state, 'svm-1')).toEqual([]);
    expect(taskErrorsOf(state, 'svm-2').map((e) => e.reason)).toEqual(['no-active-key']);
    expect(reserveKeyId(state, 'svm-3', 'server')).toBeNull();
    expect(taskErrorsOf(state, 'svm-3')).toEqual([]);
  });

  test('R-K4: a target of all SVMs acts on every registered SVM', () => {
    const state = replayedClean([
      ...fleet,
      e('ReserveKeyAdded', LATER, { target: { all: true }, key: licenseKey('K-B') }, 'k1'),
    ]);
    expect(reserveKeyId(state, 'svm-1', 'server')).toBe('K-B');
    expect(reserveKeyId(state, 'svm-3', 'server')).toBe('K-B');
    expect(taskErrorsOf(state, 'svm-2').map((e) => e.reason)).toEqual(['no-active-key']);
  });

  test('R-L3: a reserve key for an SVM that was never registered is rejected', () => {
    expect(
      rejectionsOf([
        ...fleet,
        e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-x' }, key: licenseKey('K-B') }, 'k1'),
      ]),
    ).toEqual([['k1', 'rejected', 'R-L3']]);
  });

  test('R-L3, R-L4 (decision): a cluster no registered SVM belongs to is rejected, not silently ignored', () => {
    const result = run([
      ...fleet,
      e('ReserveKeyAdded', LATER, { target: { clusterId: 'c-none' }, key: licenseKey('K-B') }, 'k1'),
    ]);
    expect(result.problems.map((p) => [p.eventId, p.rule])).toEqual([['k1', 'R-L3']]);
    expect(result.problems[0]?.message).toContain('c-none');
  });

  test('R-L3, R-L4 (decision): a target of all SVMs when none is registered is rejected', () => {
    expect(rejectionsOf([e('ReserveKeyAdded', T0, { target: { all: true }, key: licenseKey('K-B') }, 'k1')])).toEqual([
      ['k1', 'rejected', 'R-L3'],
    ]);
  });
});

describe('ActivationCodeRenewal', () => {
  const awaiting = oneSvm(licenseKey('K-A'), true);

  test('R-K5: a successful renewal makes the new key active from the renewal instant, itself activated by code', () => {
    const renewedAt = plusMs(END, 5 * 60_000);
    const state = replayedClean([
      ...awaiting,
      e(
        'ActivationCodeRenewal',
        renewedAt,
        { svmId: 'svm-1', keyType: 'server', succeeded: true, key: licenseKey('K-R', { termDays: 30 }) },
        'n1',
      ),
    ]);
    const slot = slotOf(state, 'svm-1', 'server');
    expect(slot?.active?.key.keyId).toBe('K-R');
    expect(slot?.active?.startAt).toBe(renewedAt);
    expect(slot?.active?.viaActivationCode).toBe(true);
    expect(slot?.renewal).toBe('none');
    // So at the renewed key's end the SVM waits for online renewal again.
    expect(
      slotOf(
        advancedTo(
          replayedClean([
            ...awaiting,
            e(
              'ActivationCodeRenewal',
              renewedAt,
              { svmId: 'svm-1', keyType: 'server', succeeded: true, key: licenseKey('K-R', { termDays: 30 }) },
              'n1',
            ),
          ]),
          plusDays(renewedAt, 30),
        ),
        'svm-1',
        'server',
      )?.renewal,
    ).toBe('awaiting');
  });

  test('R-K5: a failed renewal leaves the slot unlicensed and marks the renewal failed', () => {
    const slot = slotOf(
      replayedClean([
        ...awaiting,
        e('ActivationCodeRenewal', END, { svmId: 'svm-1', keyType: 'server', succeeded: false }, 'n1'),
      ]),
      'svm-1',
      'server',
    );
    expect(slot?.active).toBeNull();
    expect(slot?.renewal).toBe('failed');
  });

  test('R-K5 Decision: a renewal recorded while the slot is still licensed (its key still running) is rejected', () => {
    expect(
      rejectionsOf([
        ...awaiting,
        e(
          'ActivationCodeRenewal',
          plusMs(END, -1),
          { svmId: 'svm-1', keyType: 'server', succeeded: true, key: licenseKey('K-R') },
          'n1',
        ),
      ]),
    ).toEqual([['n1', 'rejected', 'R-K5']]);
  });

  test('R-K5: a renewal report for a key not activated by code is rejected', () => {
    expect(
      rejectionsOf([
        ...oneSvm(),
        e('ActivationCodeRenewal', END, { svmId: 'svm-1', keyType: 'server', succeeded: false }, 'n1'),
      ]),
    ).toEqual([['n1', 'rejected', 'R-K5']]);
  });

  test('R-K5: a second report after a failure is rejected', () => {
    expect(
      rejectionsOf([
        ...awaiting,
        e('ActivationCodeRenewal', END, { svmId: 'svm-1', keyType: 'server', succeeded: false }, 'n1'),
        e(
          'ActivationCodeRenewal',
          plusDays(END, 1),
          { svmId: 'svm-1', keyType: 'server', succeeded: true, key: licenseKey('K-R') },
          'n2',
        ),
      ]),
    ).toEqual([['n2', 'rejected', 'R-K5']]);
  });

  test('R-K5: a renewal of a slot the SVM does not have, or with a key of another type, is rejected and changes nothing', () => {
    const wrongSlot = run([
      ...awaiting,
      e(
        'ActivationCodeRenewal',
        END,
        { svmId: 'svm-1', keyType: 'desktop', succeeded: true, key: licenseKey('K-R', { type: 'desktop' }) },
        'n1',
      ),
    ]);
    expect(wrongSlot.problems.map((p) => [p.eventId, p.rule])).toEqual([['n1', 'R-K5']]);
    const wrongKey = run([
      ...awaiting,
      e(
        'ActivationCodeRenewal',
        END,
        { svmId: 'svm-1', keyType: 'server', succeeded: true, key: licenseKey('K-R', { type: 'desktop' }) },
        'n1',
      ),
    ]);
    expect(wrongKey.problems.map((p) => [p.eventId, p.rule])).toEqual([['n1', 'R-K5']]);
    // A rejected event moves nothing, not even time (R-L3): the key's end is reached by asking as of END.
    const asOfEnd = advanceTo(END)(wrongKey.state);
    if (E.isLeft(asOfEnd)) throw new Error(asOfEnd.left.message);
    expect(slotOf(asOfEnd.right, 'svm-1', 'server')?.renewal).toBe('awaiting');
    expect(slotTypes(asOfEnd.right, 'svm-1')).toEqual(['server']);
    expect(wrongKey.state.clock).toBeLessThan(END);
  });

  test('R-L3: a renewal for an SVM that was never registered is rejected', () => {
    expect(
      rejectionsOf([e('ActivationCodeRenewal', END, { svmId: 'svm-x', keyType: 'server', succeeded: false }, 'n1')]),
    ).toEqual([['n1', 'rejected', 'R-L3']]);
  });
});

describe('reserveRefusal', () => {
  test('R-K4: reads the SVM as it stands: null when the key can be added, the first failed check otherwise', () => {
    const svm = getSvm(replayedClean(oneSvm()), 'svm-1');
    if (svm === undefined) throw new Error('svm-1 missing');
    expect(reserveRefusal(svm, licenseKey('K-B'))).toBeNull();
    expect(reserveRefusal(svm, licenseKey('K-B', { edition: 'enterprise' }))).toBe('edition-mismatch');
    expect(reserveRefusal(svm, licenseKey('K-B', { type: 'cores', subscription: true }))).toBe('type-mismatch');
  });

  test('R-K4: applyEvent of a refused reserve returns "applied" with the task error in the new state only', () => {
    const before = replayedClean(oneSvm());
    const { state, outcome } = applyEvent(
      e('ReserveKeyAdded', LATER, { target: { svmId: 'svm-1' }, key: licenseKey('K-B', { trial: true }) }, 'k1'),
    )(before);
    expect(outcome.kind).toBe('applied');
    expect(taskErrorsOf(state, 'svm-1').map((e) => e.reason)).toEqual(['trial']);
    expect(taskErrorsOf(before, 'svm-1')).toEqual([]);
  });
});
