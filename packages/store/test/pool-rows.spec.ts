import * as E from 'fp-ts/Either';
import { decodeEvent, type LedgerEvent, replay } from '@license-ledger/core';
import { installRemoveCounts } from '@license-ledger/install-remove';
import { licenseManagerCounts } from '@license-ledger/license-manager';
import { poolCountsRows, sameCounts } from '../src/pool-rows';
import { install, purchase, uninstall } from './support/events';

const events = [
  purchase('p1', 0, 5),
  purchase('p2', 0, 3, 'budr'),
  install('i1', 1, 'ws-1'),
  install('i2', 1, 'ws-2', 'kes', 'g2'),
  uninstall('u1', 30, 'ws-1'),
].map((raw) => (decodeEvent(raw) as { right: LedgerEvent }).right);

describe('poolCountsRows', () => {
  it('one row per pool, by pool id, with the Install/Remove and License Manager counts of the views', () => {
    const { state } = replay({ mode: 'strict' })(events);
    const rows = poolCountsRows(state);
    expect(rows.map((r) => r.poolId)).toEqual(['budr', 'kes']);
    const kes = rows[1]!;
    const ir = E.getOrElseW(() => {
      throw new Error('kes is a pool');
    })(installRemoveCounts('kes')(state));
    const lm = E.getOrElseW(() => {
      throw new Error('kes is a pool');
    })(licenseManagerCounts('kes')(state));
    expect(kes).toEqual({
      poolId: 'kes',
      module: 'KES',
      expired: ir.expired,
      applied: ir.applied,
      partial: ir.partial,
      pendingInstalls: ir.pendingInstalls,
      extended: ir.extended,
      other: ir.other,
      unused: ir.unused,
      used: lm.used,
      max: lm.max,
      groups: JSON.stringify(lm.groups),
    });
    expect(kes).toMatchObject({
      applied: 1,
      partial: 1,
      unused: 3,
      used: 2,
      max: 5,
      groups: '[{"groupId":"g2","machines":1}]',
    });
  });
});

describe('sameCounts', () => {
  it('tells rows apart by any count', () => {
    const [budr, kes] = poolCountsRows(replay({ mode: 'strict' })(events).state);
    expect(sameCounts(kes!, { ...kes! })).toBe(true);
    expect(sameCounts(kes!, { ...kes!, unused: kes!.unused + 1 })).toBe(false);
    expect(sameCounts(kes!, budr!)).toBe(false);
  });
});
