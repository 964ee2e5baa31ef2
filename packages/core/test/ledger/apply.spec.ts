import { pipe } from 'fp-ts/function';
import * as E from 'fp-ts/Either';
import { advanceTo, applyEvent, emptyLedger, type LedgerEvent, type LedgerState, replay } from '../../src/index';
import { countsOf, license } from '../support/state';
import { advancedTo, eventBuilder, instantOf } from '@license-ledger/testing';

const scenario = () => {
  const e = eventBuilder();
  return [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
    e('Extended', '2025-02-01T00:00:00Z', { poolId: 'kes', machineId: 'a' }),
    e('KesInstalled', '2025-02-02T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
    e('Uninstalled', '2025-04-02T00:00:00Z', { poolId: 'kes', machineId: 'b' }),
  ];
};

const fold = (events: readonly LedgerEvent[]): LedgerState =>
  events.reduce((state, event) => applyEvent(event)(state).state, emptyLedger());

describe('applyEvent', () => {
  describe('F10: an event that skipped the decoder is checked, and rejected with its reason (R-L2), never stored or thrown on', () => {
    const purchase = {
      type: 'LicensePurchased',
      id: 'e1',
      at: instantOf('2025-01-01T00:00:00Z'),
      poolId: 'p',
      module: 'KES',
      quantity: 3,
    };
    const bad: [string, unknown, string][] = [
      ['quantity "3" (a string)', { ...purchase, quantity: '3' }, 'quantity: expected Quantity'],
      ['at Infinity', { ...purchase, at: Infinity }, 'at: expected Instant'],
      [
        'at as ISO text (the wire form, not decoded)',
        { ...purchase, at: '2025-01-01T00:00:00Z' },
        'at: expected Instant',
      ],
      ["type 'Bogus'", { ...purchase, type: 'Bogus' }, 'type: expected a known event type, got "Bogus"'],
      ['an unknown field', { ...purchase, qty: 3 }, 'qty: unknown field'],
      ['a missing field', { type: 'Extended', id: 'e1', at: purchase.at, poolId: 'p' }, 'machineId: missing'],
      [
        'a nested key of the wrong type',
        {
          type: 'KeyActivated',
          id: 'e1',
          at: purchase.at,
          svmId: 's',
          key: { keyId: 'k', type: 'server', edition: 'standard', subscription: 'no', termDays: 1 },
        },
        'key.subscription',
      ],
      [
        'installedAt after at',
        {
          type: 'KesInstalled',
          id: 'e1',
          at: purchase.at,
          poolId: 'p',
          machineId: 'm',
          groupId: 'g',
          installedAt: purchase.at + 1,
        },
        'installedAt: expected an instant at or before "at"',
      ],
      ['null', null, 'expected an event object, got null'],
    ];
    test.each(bad)('F10, R-L2: %s', (_, event, reason) => {
      const state = emptyLedger();
      const result = applyEvent(event as LedgerEvent)(state);
      expect(result.outcome).toMatchObject({
        kind: 'rejected',
        rejection: { rule: 'R-L2', message: expect.stringContaining(reason) as unknown },
      });
      expect(result.state).toBe(state);
    });

    test('F10: after a rejected quantity "3", the pool does not exist, and the next valid event applies', () => {
      const state = applyEvent({ ...purchase, quantity: '3' } as unknown as LedgerEvent)(emptyLedger()).state;
      const next = applyEvent(purchase as LedgerEvent)(state);
      expect(next.outcome).toEqual({ kind: 'applied' });
      expect(countsOf(next.state, 'p').max).toBe(3);
    });
  });

  test('R-T1: an event earlier than the one before it is rejected and changes nothing', () => {
    const [first, second] = scenario();
    const state = fold([first!, second!]);
    const late = { ...first!, id: 'late', at: instantOf('2024-12-31T00:00:00Z') } as LedgerEvent;
    const { state: after, outcome } = applyEvent(late)(state);
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { rule: 'R-T1', eventId: 'late' } });
    expect(after).toBe(state);
  });

  test('R-T1: events at the same instant are in order (non-decreasing)', () => {
    const e = eventBuilder();
    const events = [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 1 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
    ];
    expect(pipe(events, replay()).problems).toEqual([]);
  });

  test('R-L5: an event whose id was already applied is skipped', () => {
    const events = scenario();
    const state = fold(events);
    const { state: again, outcome } = applyEvent(events[1]!)(state);
    expect(outcome.kind).toBe('duplicate');
    expect(again).toBe(state);
  });

  test('R-L5: the same id with a different body is rejected', () => {
    const events = scenario();
    const state = fold(events);
    const changed = { ...events[4]!, machineId: 'a' } as LedgerEvent;
    expect(applyEvent(changed)(state).outcome).toMatchObject({ kind: 'rejected', rejection: { rule: 'R-L5' } });
  });

  test('R-L5, R-L6: two events applied to one state are two branches; neither sees the other id', () => {
    const events = scenario();
    const base = fold(events.slice(0, 2));
    const left = applyEvent(events[2]!)(base).state;
    const right = applyEvent({ ...events[2]!, at: instantOf('2025-02-01T12:00:00Z') })(base).state;
    expect(applyEvent(events[2]!)(left).outcome.kind).toBe('duplicate');
    expect(applyEvent(events[2]!)(right).outcome).toMatchObject({ kind: 'rejected', rejection: { rule: 'R-L5' } });
    expect(applyEvent(events[2]!)(base).outcome.kind).toBe('applied');
    // Replaying on from the older branch is the log without the other branch's event.
    const onRight = replay({ from: right })(events.slice(3));
    expect(onRight.problems).toEqual([]);
    expect(onRight.state.appliedIds.size).toBe(events.length);
  });

  test('R-L3: a rejected event leaves the state as the log without it would', () => {
    const events = scenario();
    const bad = {
      type: 'Returned',
      id: 'bad',
      at: instantOf('2025-03-01T00:00:00Z'),
      poolId: 'kes',
      machineId: 'a',
      count: 5,
    } as LedgerEvent;
    const withBad = pipe([...events.slice(0, 4), bad, ...events.slice(4)], replay());
    const without = pipe(events, replay());
    expect(withBad.problems).toEqual([expect.objectContaining({ eventId: 'bad', rule: 'R-X3' })]);
    expect(countsOf(withBad.state, 'kes')).toEqual(countsOf(without.state, 'kes'));
    expect(license(withBad.state, 'kes#2').history).toEqual(license(without.state, 'kes#2').history);
  });

  test('R-L3: a rejected event moves nothing, not even time: a late rejected line leaves clock and statuses as before', () => {
    const e = eventBuilder();
    const events = [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
    ];
    // A valid line far in the future that is rejected (unknown machine) must not expire anything,
    // nor make the lines after it out of order (R-T1).
    const future = e('Uninstalled', '2099-01-01T00:00:00Z', { poolId: 'kes', machineId: 'zz' });
    const next = e('KesInstalled', '2025-02-01T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' });
    const strict = pipe([...events, future], replay({ mode: 'strict' }));
    const without = pipe(events, replay());
    expect(strict.problems).toEqual([expect.objectContaining({ eventId: future.id, rule: 'R-L3' })]);
    expect(strict.state.clock).toBe(without.state.clock);
    expect(license(strict.state, 'kes#1')).toEqual(license(without.state, 'kes#1'));
    const lenient = pipe([...events, future, next], replay());
    expect(lenient.problems.map((p) => p.eventId)).toEqual([future.id]);
    expect(license(lenient.state, 'kes#2')).toMatchObject({ status: 'applied', machineId: 'b' });
    const { state, outcome } = applyEvent(future)(without.state);
    expect(outcome.kind).toBe('rejected');
    expect(state).toBe(without.state);
  });

  test('R-L6: applying events one by one equals a full replay, and replay is deterministic', () => {
    const events = scenario();
    const byOne = fold(events);
    const full = pipe(events, replay()).state;
    const fullAgain = pipe(events, replay()).state;
    for (const id of ['kes#1', 'kes#2', 'kes#3']) {
      expect(license(byOne, id)).toEqual(license(full, id));
      expect(license(fullAgain, id)).toEqual(license(full, id));
    }
    expect(countsOf(byOne, 'kes')).toEqual(countsOf(full, 'kes'));
  });

  test('states handed out are immutable: a later event does not change an earlier state', () => {
    const events = scenario();
    const early = fold(events.slice(0, 2));
    const snapshot = JSON.stringify(license(early, 'kes#1'));
    fold(events);
    applyEvent(events[2]!)(early);
    expect(JSON.stringify(license(early, 'kes#1'))).toBe(snapshot);
    expect(Object.isFrozen(early)).toBe(true);
    expect(Object.isFrozen(license(early, 'kes#1'))).toBe(true);
  });
});

describe('advanceTo', () => {
  test('R-T2: a license is Applied for t < end and Expired for t ≥ end', () => {
    const state = fold(scenario().slice(0, 2));
    expect(license(advancedTo(state, '2026-01-01T23:59:59Z'), 'kes#1').status).toBe('applied');
    expect(license(advancedTo(state, '2026-01-02T00:00:00Z'), 'kes#1').status).toBe('expired');
  });

  test('R-T4: every change due at or before an event happens before the event is applied', () => {
    const e = eventBuilder();
    const events = [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2 }),
      e('KesInstalled', '2025-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
      // At its end instant the license has expired, so it cannot be extended any more.
      e('Extended', '2026-01-01T00:00:00Z', { poolId: 'kes', machineId: 'a' }),
    ];
    const result = pipe(events, replay());
    expect(result.problems).toEqual([expect.objectContaining({ eventId: 'e3', rule: 'R-X1' })]);
  });

  test('R-T4: asking for an instant before the clock is an error, not a silent answer', () => {
    const state = fold(scenario());
    expect(E.isLeft(advanceTo(instantOf('2025-01-01T00:00:00Z'))(state))).toBe(true);
  });

  test('R-T4: advancing in steps equals advancing at once', () => {
    const state = fold(scenario());
    const stepped = advancedTo(
      advancedTo(advancedTo(state, '2025-12-01T00:00:00Z'), '2026-01-02T00:00:00Z'),
      '2027-06-01T00:00:00Z',
    );
    const once = advancedTo(state, '2027-06-01T00:00:00Z');
    for (const id of ['kes#1', 'kes#2', 'kes#3']) expect(license(stepped, id)).toEqual(license(once, id));
  });
});
