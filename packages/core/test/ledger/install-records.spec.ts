import type { Instant } from '../../src/index';
import type { Installation } from '../../src/state/machine';
import {
  freezeInstalls,
  InstallPlacer,
  installRecord,
  installWithLicense,
  NO_INSTALLS,
  NO_QUEUE,
} from '../../src/ledger/install-records';

const install = (poolId: string, fields: Partial<Installation> = {}): Installation => ({
  poolId,
  status: 'installed',
  licenseId: `${poolId}#1`,
  queue: NO_QUEUE,
  autoExtend: false,
  since: 0 as Instant,
  replaces: null,
  ...fields,
});

/** The draft's own installs: unfrozen records in an unfrozen array, as `placeInstalls` stores them. */
const owned = (...installs: Installation[]): Installation[] => installs.map(installRecord);

const place = (
  before: readonly Installation[],
  after: readonly Installation[],
  inPlace: boolean,
  placer = new InstallPlacer(),
) => {
  const placed: Installation[] = [];
  const stored = placer.place(before, after, inPlace, (one) => placed.push(one));
  return { stored, placed };
};

describe('InstallPlacer', () => {
  test('an install changed on a machine the draft owns is written over its record, in the same array', () => {
    const before = owned(install('kes'), install('edr'));
    const [kes, edr] = before as [Installation, Installation];
    const changed = Object.freeze(install('kes', { licenseId: 'kes#2', since: 5 as Instant }));
    const { stored, placed } = place(before, [edr, changed], true);
    expect(stored).toBe(before);
    expect(stored[0]).toBe(edr);
    expect(stored[1]).toBe(kes);
    expect(kes).toEqual(changed);
    expect(placed).toEqual([kes]);
    expect(Object.isFrozen(kes)).toBe(false);
  });

  test('R-L3: with a journal open nothing stored is written: a new install is an unfrozen copy in a new array', () => {
    const before = owned(install('kes'));
    const kes = before[0] as Installation;
    const changed = Object.freeze(install('kes', { licenseId: 'kes#2' }));
    const { stored } = place(before, [changed], false);
    expect(stored).not.toBe(before);
    expect(stored[0]).not.toBe(kes);
    expect(stored[0]).not.toBe(changed);
    expect(stored[0]).toEqual(changed);
    expect(Object.isFrozen(stored[0])).toBe(false);
    expect(kes).toEqual(install('kes'));
  });

  test('F9: a frozen install (a state handed out holds it) is never written; a frozen array is never reused', () => {
    const before = freezeInstalls([installRecord(install('kes'))]);
    const changed = install('kes', { licenseId: 'kes#2' });
    const { stored } = place(before, [changed], true);
    expect(stored).not.toBe(before);
    expect(stored[0]).toEqual(changed);
    expect(before[0]).toEqual(install('kes'));
  });

  test('R-V3: a pending reinstall from the same pool keeps the install it replaces as it was', () => {
    const before = owned(install('kes'));
    const expired = before[0] as Installation;
    const pending = Object.freeze(install('kes', { status: 'pending', licenseId: 'kes#2', replaces: expired }));
    const { stored } = place(before, [pending], true);
    expect(stored[0]).not.toBe(expired);
    expect(stored[0]?.replaces).toBe(expired);
    expect(expired).toEqual(install('kes'));
  });

  test('an install of another pool takes no record of it; a longer or shorter list is a new array', () => {
    const before = owned(install('kes'));
    const kes = before[0] as Installation;
    const added = place(before, [kes, install('edr')], true);
    expect(added.stored).not.toBe(before);
    expect(added.stored[0]).toBe(kes);
    expect(kes).toEqual(install('kes'));
    const moved = place(before, [install('kes-2')], true);
    expect(moved.stored[0]).not.toBe(kes);
    expect(kes).toEqual(install('kes'));
    expect(place(before, [], true).stored).toEqual([]);
  });

  test('an unchanged install is stored as it is and not reported as placed', () => {
    const before = owned(install('kes'));
    const { stored, placed } = place(before, [...before], true);
    expect(stored).toBe(before);
    expect(placed).toEqual([]);
  });

  test('the records and array of an install uninstalled are reused for the next install, and only then', () => {
    const placer = new InstallPlacer();
    const before = owned(install('kes'));
    const kes = before[0] as Installation;
    expect(place(before, [], true, placer).stored).toEqual([]);
    const next = place([], [install('edr', { licenseId: 'edr#7' })], true, placer).stored;
    expect(next).toBe(before);
    expect(next[0]).toBe(kes);
    expect(kes).toEqual(install('edr', { licenseId: 'edr#7' }));
    // Nothing is left to reuse: the next install gets records of its own.
    const third = place([], [install('kes')], true, placer).stored;
    expect(third).not.toBe(before);
    expect(third[0]).not.toBe(kes);
  });

  test('R-L3, F9, R-V3: what a journal dropped, what is frozen, and what a pending install replaces are never reused', () => {
    const placer = new InstallPlacer();
    const underJournal = owned(install('kes'));
    place(underJournal, [], false, placer);
    const frozen = freezeInstalls([installRecord(install('kes'))]);
    place(frozen, [], true, placer);
    const replaced = owned(install('kes'));
    const expired = replaced[0] as Installation;
    const pending = Object.freeze(install('edr', { status: 'pending', replaces: expired }));
    place(replaced, [pending], true, placer);
    const fresh = place([], [install('new')], true, placer).stored;
    for (const held of [underJournal[0], frozen[0], expired]) expect(fresh[0]).not.toBe(held);
    expect(fresh).not.toBe(underJournal);
    expect(fresh).not.toBe(frozen);
    expect(expired).toEqual(install('kes'));
    expect(underJournal[0]).toEqual(install('kes'));
  });
});

describe('freezeInstalls', () => {
  test('F9: freezes the list, each install, its queue (an empty one too, unless it is the shared one) and what it replaces', () => {
    const replaced = installRecord(install('p', { queue: [] }));
    const installs = [
      installRecord(install('p', { queue: [], replaces: replaced })),
      installRecord(install('q', { queue: ['q#2'] })),
      installRecord(install('r')),
    ];
    expect(freezeInstalls(installs)).toBe(installs);
    const all = [installs, ...installs, ...installs.map((one) => one.queue), replaced, replaced.queue];
    expect(all.filter((value) => !Object.isFrozen(value))).toEqual([]);
    expect(installs[2]?.queue).toBe(NO_QUEUE);
  });

  test('the shared empty list is returned as it is', () => {
    expect(freezeInstalls(NO_INSTALLS)).toBe(NO_INSTALLS);
    expect(Object.isFrozen(NO_INSTALLS) && Object.isFrozen(NO_QUEUE)).toBe(true);
  });
});

describe('installWithLicense', () => {
  test('is the install with the license and queue given, in the one record shape (its keys in one order, which installRecord copies too)', () => {
    const replaced = install('kes', { status: 'pending' });
    const before = install('kes', {
      licenseId: 'kes#2',
      queue: ['kes#3', 'kes#4'],
      autoExtend: true,
      replaces: replaced,
    });
    const after = installWithLicense(before, 'kes#3', ['kes#4']);
    expect(after).toEqual({ ...before, licenseId: 'kes#3', queue: ['kes#4'] });
    const oneShape = ['poolId', 'status', 'licenseId', 'queue', 'autoExtend', 'since', 'replaces'];
    expect(Object.keys(after)).toEqual(oneShape);
    expect(Object.keys(installRecord(before))).toEqual(oneShape);
    expect(before.licenseId).toBe('kes#2');
  });
});
