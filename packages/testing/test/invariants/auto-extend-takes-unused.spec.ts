import { advanceTo, historyToArray, getLicense } from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import { autoExtendTakesUnused } from '../../src/invariants/auto-extend-takes-unused';
import { withChanges } from '../support/fixtures';
import { eventBuilder, instantOf, replayedClean } from '../../src/builders/events';

const e = eventBuilder();

/** kes#1 (30 days) ends on 2025-02-01 on ws-1 with auto-extend on: kes#2 takes over (R-X4). */
const autoExtended = () => {
  const state = replayedClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 3, termDays: 30 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
    e('AutoExtendSet', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', enabled: true }),
    e('KesInstalled', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-2', groupId: 'g-1' }),
    e('Uninstalled', '2025-01-04T00:00:00Z', { poolId: 'kes', machineId: 'ws-2' }),
  ]);
  const later = advanceTo(instantOf('2025-02-10T00:00:00Z'))(state);
  if (E.isLeft(later)) throw new Error(later.left.message);
  return later.right;
};

describe('autoExtendTakesUnused', () => {
  test('R-X4: passes when auto-extend applied a never-used license (kes#3), leaving partial kes#2 alone', () => {
    const state = autoExtended();
    expect(
      historyToArray(getLicense(state, 'kes#3')?.history ?? { length: 0, last: undefined, previous: null }).map(
        (c) => c.rule,
      ),
    ).toEqual(['R-X4']);
    expect(getLicense(state, 'kes#2')?.status).toBe('partial');
    expect(autoExtendTakesUnused(state)).toEqual([]);
  });

  test('R-X4: catches auto-extend applying a partial license', () => {
    const broken = withChanges(autoExtended(), 'kes#2', [
      { status: 'applied', rule: 'R-X4', machineId: 'ws-1', at: instantOf('2025-02-01T00:00:00Z') },
    ]);
    expect(autoExtendTakesUnused(broken)).toEqual([
      `R-X4: auto-extend applied kes#2 on ws-1 at ${instantOf('2025-02-01T00:00:00Z')}, but it was partial, not unused`,
    ]);
  });
});
