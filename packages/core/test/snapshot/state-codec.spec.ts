import * as E from 'fp-ts/Either';
import { advanceTo, type LedgerEvent, type LedgerState, listPools, replay } from '../../src/index';
import type { Due } from '../../src/state/ledger-state';
import { getEntry, getSvm, heapToSortedArray, heapValues, mapEntries } from '../../src/internal';
import { ByteReader } from '../../src/snapshot/byte-reader';
import { ByteWriter } from '../../src/snapshot/byte-writer';
import { readState, sectionSizes, SECTIONS, writeState } from '../../src/snapshot/state-codec';
import { Draft, emptyLedger } from '../../src/ledger/draft';
import { eventBuilder, instantOf } from '@license-ledger/testing';
import { renewingInstalls } from '../support/renewing-installs';

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const roundTrip = (state: LedgerState): LedgerState => {
  const w = new ByteWriter();
  writeState(w, state);
  const r = new ByteReader(w.written());
  const back = readState(r);
  expect(r.done).toBe(true);
  return back;
};

const key = (keyId: string, termDays: number) =>
  ({ keyId, type: 'server', edition: 'standard', subscription: false, termDays }) as const;

const log = (): LedgerEvent[] => {
  const e = eventBuilder();
  return [
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 4 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'a', groupId: 'hq' }),
    e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'b', groupId: 'hq' }),
    e('Extended', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'a', count: 1 }),
    e('Uninstalled', '2025-02-01T00:00:00Z', { poolId: 'kes', machineId: 'b' }),
    e('AgentDeleted', '2025-02-02T00:00:00Z', { machineId: 'a' }),
    e('SvmRegistered', '2025-02-03T00:00:00Z', { svmId: 'svm-1', clusterId: 'c1' }),
    e('KeyActivated', '2025-02-03T00:00:00Z', { svmId: 'svm-1', key: key('K-A', 30) }),
    e('ReserveKeyAdded', '2025-02-04T00:00:00Z', { target: { svmId: 'svm-1' }, key: key('K-B', 365) }),
  ] as LedgerEvent[];
};

describe('writeState / readState', () => {
  it('R-I2: restores the Partial queue in its hand-out order and the pool counters', () => {
    const state = replay()(log()).state;
    const back = roundTrip(state);
    const [pool] = listPools(back);
    const [original] = listPools(state);
    expect(pool?.counts).toEqual(original?.counts);
    expect(heapToSortedArray(pool!.partials, (x, y) => x.since - y.since)).toEqual(
      heapToSortedArray(original!.partials, (x, y) => x.since - y.since),
    );
  });

  it('R-D1: restores what a deleted agent holds and the recovery index', () => {
    const state = replay()(log()).state;
    const back = roundTrip(state);
    expect([...heapValues(back.agenda)].length).toBeGreaterThan(0);
    expect(back.deletedAgents.size).toBe(1);
    expect(getEntry(back.awaitingRecovery, 'a@1')).toBe(getEntry(state.awaitingRecovery, 'a@1'));
  });

  it("R-K5: the reserve key takes over at the active key's end on a restored state, as on the original", () => {
    const state = replay()(log()).state;
    const later = instantOf('2025-03-10T00:00:00Z');
    const original = advanceTo(later)(state);
    const restored = advanceTo(later)(roundTrip(state));
    if (E.isLeft(original) || E.isLeft(restored)) throw new Error('both run forward');
    expect(getSvm(restored.right, 'svm-1')).toEqual(getSvm(original.right, 'svm-1'));
    expect(getSvm(restored.right, 'svm-1')?.slots[0]?.active?.key.keyId).toBe('K-B');
  });

  it("leaves out agenda entries that can no longer change anything (an uninstalled license's end)", () => {
    const state = replay()(log()).state;
    const back = roundTrip(state);
    expect(back.agenda.size).toBeLessThan(state.agenda.size);
  });

  it('writes every pending agenda entry and no other, with their count in front whatever its length', () => {
    const e = eventBuilder();
    // 150 applied licenses with a term (150 pending ends: a two-byte count), 20 of them uninstalled again (not pending).
    const events: LedgerEvent[] = [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 150, termDays: 365 }),
    ];
    for (let m = 0; m < 150; m++)
      events.push(e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: `m-${m}`, groupId: 'hq' }));
    for (let m = 0; m < 150; m += 5)
      events.push(e('Uninstalled', '2025-02-01T00:00:00Z', { poolId: 'kes', machineId: `m-${m}` }));
    const state = replay()(events).state;
    const w = new ByteWriter(16);
    writeState(w, state);
    const agenda = sectionSizes(new ByteReader(w.written())).find((s) => s.name === 'agenda');
    const back = readState(new ByteReader(w.written()));
    const pendingEnds = heapValues(state.agenda).filter((due) => {
      if (due.kind !== 'license-end') return true;
      const license = getEntry(state.licenses, due.licenseId);
      return license?.status === 'applied' && license.endAt === due.at;
    });
    expect([pendingEnds.length, agenda?.records]).toEqual([120, 120]);
    const byLicense = (dues: readonly Due[]) =>
      [...dues].sort((a, b) =>
        a.kind === 'license-end' && b.kind === 'license-end' ? compareIds(a.licenseId, b.licenseId) : 0,
      );
    expect(byLicense(heapValues(back.agenda))).toEqual(byLicense(pendingEnds));
  });

  it('writes the sections in order, each with its length and record count', () => {
    const w = new ByteWriter();
    writeState(w, replay()(log()).state);
    const sizes = sectionSizes(new ByteReader(w.written()));
    expect(sizes.map((s) => s.name)).toEqual([...SECTIONS]);
    expect(sizes.reduce((sum, s) => sum + s.bytes, 0)).toBe(w.written().length);
    expect(sizes.find((s) => s.name === 'appliedIds')?.records).toBe(9);
  });
});

describe('writeState / readState (renewing ends)', () => {
  /** `renewingEnds` as plain data, in license id order: what each renewing install's license end is. */
  const renewing = (state: LedgerState) =>
    [...mapEntries(state.renewingEnds)]
      .map(([licenseId, { due, install }]) => ({
        licenseId,
        due,
        install: install.licenseId,
        autoExtend: install.autoExtend,
      }))
      .sort((a, b) => (a.licenseId < b.licenseId ? -1 : 1));

  const renewingLog = (): LedgerEvent[] => {
    const e = eventBuilder();
    return [
      ...renewingInstalls(e),
      e('AutoExtendSet', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', enabled: true }),
      e('AutoExtendSet', '2025-01-05T00:00:00Z', { poolId: 'kes', machineId: 'ws-3', enabled: false }),
    ] as LedgerEvent[];
  };

  it('R-X2, R-X4: rebuilds the ends of renewing installs (queued extensions, auto-extend) as the reducers keep them', () => {
    const state = replay()(renewingLog()).state;
    expect(renewing(state).map((r) => r.licenseId)).toEqual(['kes#1', 'kes#2']);
    expect(renewing(roundTrip(state))).toEqual(renewing(state));
  });

  it('R-X2: a restored state renews at the end as the original does, and its renewing ends follow', () => {
    const state = replay()(renewingLog()).state;
    const later = instantOf('2025-03-15T00:00:00Z');
    const original = advanceTo(later)(state);
    const restored = advanceTo(later)(roundTrip(state));
    if (E.isLeft(original) || E.isLeft(restored)) throw new Error('both run forward');
    expect(listPools(restored.right)[0]?.counts).toEqual(listPools(original.right)[0]?.counts);
    expect(renewing(restored.right)).toEqual(renewing(original.right));
  });
});

describe('writeState / readState (references and ids)', () => {
  it('R-L5: ids, machine ids and pool ids outside ASCII come back as they were, and the ids are still recognised', () => {
    const e = eventBuilder();
    const events = [
      e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kés', module: 'KES', quantity: 3 }),
      e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kés', machineId: 'pc-中', groupId: 'hq' }),
      e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kés', machineId: 'pc-ü', groupId: 'hq' }),
    ].map((event, n) => ({ ...event, id: ['e-中', 'e-é', 'e3'][n] as string })) as LedgerEvent[];
    const state = replay()(events).state;
    const back = roundTrip(state);
    expect(listPools(back)).toEqual(listPools(state));
    expect([getEntry(back.machines, 'pc-中')?.installs, getEntry(back.licenses, 'kés#1')?.machineId]).toEqual([
      getEntry(state.machines, 'pc-中')?.installs,
      'pc-中',
    ]);
    const again = replay({ from: back })(events);
    expect([again.stats.skippedDuplicates, again.stats.applied]).toEqual([3, 0]);
  });

  it('writes a machine id that names no machine in full, and reads it back', () => {
    const draft = new Draft(emptyLedger());
    const state = replay()(log().slice(0, 2)).state;
    draft.restore(state);
    const license = getEntry(state.licenses, 'kes#1');
    if (license === undefined) throw new Error('kes#1 is installed');
    draft.setLicense({ ...license, licenseId: 'kes#1', machineId: 'no-such-machine' });
    const odd = draft.snapshot();
    expect(getEntry(roundTrip(odd).licenses, 'kes#1')?.machineId).toBe('no-such-machine');
  });
});
