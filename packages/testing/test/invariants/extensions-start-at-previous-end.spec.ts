import { advanceTo, DAY_MS, getLicense, type LedgerState } from '@license-ledger/core';
import * as E from 'fp-ts/Either';
import { extensionsStartAtPreviousEnd } from '../../src/invariants/extensions-start-at-previous-end';
import { withChanges, withLicense } from '../support/fixtures';
import { eventBuilder, instantOf, replayedClean } from '../../src/builders/events';

const e = eventBuilder();

/** kes#1 (30 days) runs on ws-1 from 2025-01-02, kes#2 queued behind it: it must take over on 2025-02-01 (R-X2). */
const queued = (): LedgerState =>
  replayedClean([
    e('LicensePurchased', '2025-01-01T00:00:00Z', { poolId: 'kes', module: 'KES', quantity: 2, termDays: 30 }),
    e('KesInstalled', '2025-01-02T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', groupId: 'g-1' }),
    e('Extended', '2025-01-03T00:00:00Z', { poolId: 'kes', machineId: 'ws-1', count: 1 }),
  ]);

describe('extensionsStartAtPreviousEnd', () => {
  test('R-X2: passes before and after the takeover, which happens exactly at the old end with a full term', () => {
    expect(extensionsStartAtPreviousEnd(queued())).toEqual([]);
    const later = advanceTo(instantOf('2025-02-10T00:00:00Z'))(queued());
    if (E.isLeft(later)) throw new Error(later.left.message);
    expect(getLicense(later.right, 'kes#2')).toMatchObject({
      status: 'applied',
      startAt: instantOf('2025-02-01T00:00:00Z'),
      endAt: instantOf('2025-03-03T00:00:00Z'),
    });
    expect(extensionsStartAtPreviousEnd(later.right)).toEqual([]);
  });

  test('R-X2: catches a queued extension that does not take over when the applied license ends', () => {
    const broken = withLicense(queued(), 'kes#1', (license) => ({
      ...license,
      endAt: ((license.endAt ?? 0) + DAY_MS) as never,
    }));
    expect(extensionsStartAtPreviousEnd(broken)).toEqual([
      `R-X2: when kes#1 ends at ${instantOf('2025-02-02T00:00:00Z')} on ws-1, queued kes#2 is extended starting never, not applied from that instant`,
    ]);
  });

  test('R-X2: catches a takeover in the history at an instant no license ended', () => {
    const broken = withChanges(queued(), 'kes#2', [
      { status: 'applied', rule: 'R-X2', machineId: 'ws-1', at: instantOf('2025-01-20T00:00:00Z'), daysLeft: 30 },
    ]);
    expect(extensionsStartAtPreviousEnd(broken)).toEqual([
      `R-X2: kes#2 took over on ws-1 at ${instantOf('2025-01-20T00:00:00Z')}, when no license ended there`,
    ]);
  });
});
