import { instant, MAX_QUANTITY, parseInstant } from '@license-ledger/core';
import { explain, type Explanation } from '../../src/views/explanation';
import { ndjson } from '../support/files';
import { replayText } from '../support/replay';
import { SCENARIO } from '../support/scenario';

const at = (text: string) => instant(parseInstant(text) ?? Number.NaN);

const explained = async (
  lines: readonly (object | string)[],
  subject: Parameters<typeof explain>[1],
  asOf: string | null = null,
): Promise<Explanation> => {
  const replayed = await replayText(ndjson(lines), { asOf: asOf === null ? null : at(asOf) });
  const explanation = explain(replayed.state, subject);
  if (explanation === undefined) throw new Error(`nothing to explain for ${subject.kind} ${subject.id}`);
  return explanation;
};

const licenseOf = (e: Explanation) => {
  if (e.kind !== 'license') throw new Error(e.kind);
  return e.license;
};
const machineOf = (e: Explanation) => {
  if (e.kind !== 'machine') throw new Error(e.kind);
  return e.machine;
};
const svmOf = (e: Explanation) => {
  if (e.kind !== 'svm') throw new Error(e.kind);
  return e.svm;
};

describe('explain', () => {
  test('R-P1, F3: with two purchases of MAX_QUANTITY, a license and a machine are explained without walking the never-used licenses', async () => {
    const lines = [
      {
        v: 1,
        type: 'LicensePurchased',
        id: 'e1',
        at: '2025-01-01T00:00:00Z',
        poolId: 'p',
        module: 'KES',
        quantity: MAX_QUANTITY,
      },
      {
        v: 1,
        type: 'LicensePurchased',
        id: 'e2',
        at: '2025-01-01T00:00:00Z',
        poolId: 'p',
        module: 'KES',
        quantity: MAX_QUANTITY,
      },
      {
        v: 1,
        type: 'KesInstalled',
        id: 'e3',
        at: '2025-01-02T00:00:00Z',
        poolId: 'p',
        machineId: 'ws-1',
        groupId: 'g',
      },
    ];
    const machine = machineOf(await explained(lines, { kind: 'machine', id: 'ws-1' }));
    expect(machine.licenses.map((l) => [l.licenseId, l.countedIn.installRemove])).toEqual([['p#1', 'applied']]);
    const last = licenseOf(await explained(lines, { kind: 'license', id: `p#${2 * MAX_QUANTITY}` }));
    expect(last.countedIn).toMatchObject({ installRemove: 'unused', licenseManager: null });
  });

  test("R-P3, R-U1, R-I2: a license's history from its purchase, with event ids, rules and days left", async () => {
    const license = licenseOf(await explained(SCENARIO, { kind: 'license', id: 'p-kes#2' }));
    expect(
      license.history.map(({ at: when, eventId, rule, status, machineId, daysLeft }) => [
        when,
        eventId,
        rule,
        status,
        machineId,
        daysLeft,
      ]),
    ).toEqual([
      ['2025-01-01T00:00:00Z', 'e1', 'R-P1', 'unused', null, 365],
      ['2025-01-03T08:00:00Z', 'e4', 'R-I1', 'reserved', 'ws-2', 365],
      ['2025-01-03T09:00:00Z', 'e5', 'R-I3', 'applied', 'ws-2', 365],
      // 65 days used of 365 (R-T3).
      // A partial remembers the machine it was last on.
      ['2025-03-09T09:00:00Z', 'e6', 'R-U1', 'partial', 'ws-2', 300],
      ['2025-03-10T08:00:00Z', 'e7', 'R-I2', 'reserved', 'ws-3', 300],
    ]);
  });

  test('R-V1, R-V2, R-V4: a partial reserved by a pending install counts in Pending Installs and in Used, put there by R-I2', async () => {
    const { countedIn } = licenseOf(await explained(SCENARIO, { kind: 'license', id: 'p-kes#2' }));
    expect(countedIn.installRemove).toBe('pendingInstalls');
    expect(countedIn.licenseManager).toBe('used');
    expect(countedIn.because).toMatchObject({ eventId: 'e7', rule: 'R-I2' });
  });

  test('R-V2: an extension counts as Extended, not in Used; a never-used license as Unused, from its purchase', async () => {
    const extension = licenseOf(await explained(SCENARIO, { kind: 'license', id: 'p-kes#3' }));
    expect(extension.countedIn).toMatchObject({
      installRemove: 'extended',
      licenseManager: null,
      because: { eventId: 'e8', rule: 'R-X1' },
    });
    const fresh = licenseOf(await explained(SCENARIO, { kind: 'license', id: 'p-kes#5' }));
    expect(fresh.status).toBe('unused');
    expect(fresh.countedIn).toMatchObject({
      installRemove: 'unused',
      licenseManager: null,
      because: { eventId: 'e1', rule: 'R-P1', note: 'purchased' },
    });
  });

  test('R-T4, R-T2, R-X2: time-driven changes have no event id; the running days count down as of the instant', async () => {
    const ended = licenseOf(await explained(SCENARIO, { kind: 'license', id: 'p-kes#1' }, '2026-01-02T08:30:00Z'));
    expect(ended.history.at(-1)).toMatchObject({
      at: '2026-01-02T08:30:00Z',
      eventId: null,
      rule: 'R-T2',
      status: 'expired',
    });
    expect(ended.countedIn.installRemove).toBe('expired');
    expect(ended.daysLeft).toBe(0);
    const next = licenseOf(await explained(SCENARIO, { kind: 'license', id: 'p-kes#3' }, '2026-01-12T08:30:00Z'));
    expect(next.history.at(-1)).toMatchObject({ eventId: null, rule: 'R-X2', status: 'applied', machineId: 'ws-1' });
    // Applied from 2026-01-02T08:30:00Z with a full term; 10 whole days used by 2026-01-12T08:30:00Z (R-T3).
    expect(next.daysLeft).toBe(355);
    expect(next.endAt).toBe('2027-01-02T08:30:00Z');
  });

  test("R-V3: a machine's installs, its queue and whether it counts in its group; a pending install does not", async () => {
    const ws1 = machineOf(await explained(SCENARIO, { kind: 'machine', id: 'ws-1' }));
    expect(ws1.installs).toEqual([
      {
        poolId: 'p-kes',
        module: 'KES',
        status: 'installed',
        licenseId: 'p-kes#1',
        queue: ['p-kes#3', 'p-kes#4'],
        autoExtend: false,
        since: '2025-01-02T08:30:00Z',
        countedInGroup: true,
      },
    ]);
    expect(ws1.licenses.map((l) => l.licenseId)).toEqual(['p-kes#1', 'p-kes#3', 'p-kes#4']);
    const ws3 = machineOf(await explained(SCENARIO, { kind: 'machine', id: 'ws-3' }));
    expect(ws3.installs[0]).toMatchObject({ status: 'pending', licenseId: 'p-kes#2', countedInGroup: false });
  });

  test('R-D1, R-D5, R-X4: incarnations of a machine id, the auto-extend failure notice, and a held license counted as Applied', async () => {
    const log = [
      {
        type: 'LicensePurchased',
        id: 'e1',
        at: '2025-01-01T00:00:00Z',
        poolId: 'p',
        module: 'KES',
        quantity: 1,
        termDays: 10,
      },
      { type: 'KesInstalled', id: 'e2', at: '2025-01-01T00:00:00Z', poolId: 'p', machineId: 'ws-1', groupId: 'g' },
      {
        type: 'LicensePurchased',
        id: 'e3',
        at: '2025-01-01T00:00:00Z',
        poolId: 'p',
        module: 'KES',
        quantity: 1,
        termDays: 100,
      },
      { type: 'KesInstalled', id: 'e3b', at: '2025-01-01T00:00:00Z', poolId: 'p', machineId: 'ws-2', groupId: 'g' },
      { type: 'AutoExtendSet', id: 'e4', at: '2025-01-02T00:00:00Z', poolId: 'p', machineId: 'ws-1', enabled: true },
      // 2025-01-11: ws-1's 10-day term ends with no unused license left: auto-extend fails (R-X4).
      // ws-2's license (#2, 100 days) is held at the deletion with 81 days left (R-D1), Partial after
      // the RecoveryRun (R-D2), and taken by ws-1's next install (R-I2), a new incarnation (R-D5).
      { type: 'AgentDeleted', id: 'e5', at: '2025-01-20T00:00:00Z', machineId: 'ws-1' },
      { type: 'AgentDeleted', id: 'e6', at: '2025-01-20T00:00:00Z', machineId: 'ws-2' },
      { type: 'RecoveryRun', id: 'e7', at: '2025-01-21T00:00:00Z' },
      { type: 'KesInstalled', id: 'e8', at: '2025-01-22T00:00:00Z', poolId: 'p', machineId: 'ws-1', groupId: 'g2' },
    ];
    const ws1 = machineOf(await explained(log, { kind: 'machine', id: 'ws-1' }));
    expect(ws1.incarnation).toBe(2);
    expect(ws1.groupId).toBe('g2');
    expect(ws1.history.map((s) => [s.eventId, s.rule, s.what])).toEqual(
      expect.arrayContaining([
        [null, 'R-X4', 'p#1 expired; auto-extend failed: no unused license in pool p'],
        ['e5', 'R-D1', 'agent deleted'],
        ['e8', 'R-D5', 'new machine after the agent was deleted, in group g2'],
      ]),
    );
    // Before the RecoveryRun, ws-2's license waits for recovery and still counts as Applied (R-D1).
    const held = licenseOf(await explained(log, { kind: 'license', id: 'p#2' }, '2025-01-20T12:00:00Z'));
    expect(held.status).toBe('held');
    expect(held.countedIn).toMatchObject({
      installRemove: 'applied',
      licenseManager: 'used',
      because: { rule: 'R-D1', eventId: 'e6' },
    });
  });

  test("R-K3, R-K4, R-K5: an SVM's history shows refused reserves, a reserve removed by a new key and a take-over", async () => {
    const key = (keyId: string, termDays: number, extra: object = {}) => ({
      keyId,
      type: 'server',
      edition: 'standard',
      subscription: false,
      termDays,
      ...extra,
    });
    const log = [
      { type: 'SvmRegistered', id: 'e1', at: '2025-01-01T00:00:00Z', svmId: 'svm-1', clusterId: 'c1' },
      { type: 'KeyActivated', id: 'e2', at: '2025-01-01T00:00:00Z', svmId: 'svm-1', key: key('K-A', 30) },
      {
        type: 'ReserveKeyAdded',
        id: 'e3',
        at: '2025-01-02T00:00:00Z',
        target: { clusterId: 'c1' },
        key: key('K-S', 30, { subscription: true }),
      },
      {
        type: 'ReserveKeyAdded',
        id: 'e4',
        at: '2025-01-02T00:00:00Z',
        target: { svmId: 'svm-1' },
        key: key('K-R', 30, { expiresAt: '2025-02-01T00:00:00Z' }),
      },
      { type: 'KeyActivated', id: 'e5', at: '2025-01-03T00:00:00Z', svmId: 'svm-1', key: key('K-B', 60) },
      { type: 'ReserveKeyAdded', id: 'e6', at: '2025-01-04T00:00:00Z', target: { all: true }, key: key('K-C', 30) },
    ];
    const svm = svmOf(await explained(log, { kind: 'svm', id: 'svm-1' }, '2025-03-05T00:00:00Z'));
    expect(svm.history.map((s) => [s.eventId, s.rule, s.what])).toEqual([
      ['e1', 'R-K2', 'registered in cluster c1'],
      ['e2', 'R-K3', 'key K-A active in the server slot'],
      ['e3', 'R-K4', 'reserve key K-S not added: subscription'],
      ['e4', 'R-K4', 'reserve key K-R added to the server slot'],
      ['e5', 'R-K3', 'key K-B active in the server slot'],
      ['e5', 'R-K3', 'reserve key K-R removed: it expires before the new term ends'],
      ['e6', 'R-K4', 'reserve key K-C added to the server slot'],
      [null, 'R-K5', 'key K-B ended; reserve key K-C took over'],
    ]);
    expect(svm.taskErrors).toEqual([{ at: '2025-01-02T00:00:00Z', keyId: 'K-S', reason: 'subscription' }]);
    expect(svm.slots).toEqual([
      { type: 'server', status: 'licensed', active: { keyId: 'K-C', endsAt: '2025-04-03T00:00:00Z' }, reserve: null },
    ]);
  });

  test('an id the ledger does not know explains nothing', async () => {
    const replayed = await replayText(ndjson(SCENARIO));
    for (const subject of [
      { kind: 'machine', id: 'ws-9' },
      { kind: 'license', id: 'p-kes#6' },
      { kind: 'license', id: 'p-kes#0' },
      { kind: 'license', id: 'nope#1' },
      { kind: 'license', id: 'p-kes' },
      { kind: 'svm', id: 'svm-9' },
    ] as const) {
      expect(explain(replayed.state, subject)).toBeUndefined();
    }
  });
});
