import { instant, type Installation } from '../../src/index';
import { licenseEndOf, termEnd } from '../../src/ledger/term-end';

const install = (fields: Partial<Installation> = {}): Installation => ({
  poolId: 'kes',
  status: 'installed',
  licenseId: 'kes#1',
  queue: [],
  autoExtend: false,
  since: instant(0),
  replaces: null,
  ...fields,
});

const none = (): string | undefined => undefined;

describe('termEnd', () => {
  test('R-X2: the first queued extension takes over and leaves the queue, whatever auto-extend says', () => {
    let asked = 0;
    const outcome = termEnd(install({ queue: ['kes#7', 'kes#8'], autoExtend: true }), () => {
      asked += 1;
      return 'kes#9';
    });
    expect(outcome).toEqual({
      kind: 'taken-over',
      rule: 'R-X2',
      from: 'extended',
      licenseId: 'kes#7',
      install: install({ licenseId: 'kes#7', queue: ['kes#8'], autoExtend: true }),
    });
    expect(asked).toBe(0);
  });

  test('R-X4: with nothing queued and auto-extend on, the never-used license taken over runs the install', () => {
    expect(termEnd(install({ autoExtend: true }), () => 'kes#4')).toEqual({
      kind: 'taken-over',
      rule: 'R-X4',
      from: 'unused',
      licenseId: 'kes#4',
      install: install({ licenseId: 'kes#4', autoExtend: true }),
    });
  });

  test('R-X4: with auto-extend on and no unused license, auto-extend fails', () => {
    expect(termEnd(install({ autoExtend: true }), none)).toEqual({ kind: 'auto-extend-failed', rule: 'R-X4' });
  });

  test('R-T2: with nothing queued and auto-extend off, the license just expires and no unused license is taken', () => {
    let asked = 0;
    expect(
      termEnd(install(), () => {
        asked += 1;
        return 'kes#2';
      }),
    ).toEqual({ kind: 'expired', rule: 'R-T2' });
    expect(asked).toBe(0);
  });
});

describe('licenseEndOf', () => {
  test('R-T2: a term of n days ends n exact days after its start', () => {
    expect(licenseEndOf('kes', 'ws-1', 'kes#1', instant(1000), 2)).toEqual({
      at: 1000 + 2 * 86_400_000,
      kind: 'license-end',
      poolId: 'kes',
      machineId: 'ws-1',
      licenseId: 'kes#1',
    });
  });

  test('R-P2: a seat without a term never ends', () => {
    expect(licenseEndOf('kav', 'ws-1', 'kav#1', instant(0), null)).toBeUndefined();
  });
});
