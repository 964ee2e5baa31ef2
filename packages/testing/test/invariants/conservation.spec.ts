import * as E from 'fp-ts/Either';
import { installRemoveCounts } from '@license-ledger/install-remove';
import { licenseManagerCounts } from '@license-ledger/license-manager';
import { conservation } from '../../src/invariants/conservation';
import { kesState, withLicense, withPool } from '../support/fixtures';

describe('conservation', () => {
  test('R-V4: holds on a hand-checked state (4 = 1 unused + 2 used + 1 extended + 0 pending on never-used)', () => {
    const state = kesState();
    expect(E.getOrElseW(() => undefined)(installRemoveCounts('kes')(state))).toEqual({
      expired: 0,
      applied: 1,
      partial: 0,
      pendingInstalls: 1,
      extended: 1,
      other: 0,
      unused: 1,
    });
    expect(E.getOrElseW(() => undefined)(licenseManagerCounts('kes')(state))?.used).toBe(2);
    expect(conservation(state)).toEqual([]);
  });

  test('R-V4: catches an Extended count that lost track of a license', () => {
    const broken = withPool(kesState(), 'kes', (pool) => ({
      ...pool,
      counts: { ...pool.counts, extended: pool.counts.extended + 1 },
    }));
    expect(conservation(broken)).toEqual([expect.stringMatching(/^R-V4: pool kes: Max 4 ≠ .* = 5$/)]);
  });

  test('R-V4: catches a reserved partial counted as a never-used one (Used and pending must not both count it)', () => {
    const broken = withLicense(kesState(), 'kes#3', (license) => ({ ...license, reservedFrom: 'unused' }));
    expect(conservation(broken)).toEqual([
      expect.stringContaining('pending installs holding a never-used license 1 = 5'),
    ]);
  });
});
