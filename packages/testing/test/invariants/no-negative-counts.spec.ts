import { setEntry } from '@license-ledger/core/internal';
import { noNegativeCounts } from '../../src/invariants/no-negative-counts';
import { kesState, withPool } from '../support/fixtures';

describe('noNegativeCounts', () => {
  test('R-V1: passes on a hand-checked state', () => {
    expect(noNegativeCounts(kesState())).toEqual([]);
  });

  test('R-V1: catches a negative counter and the popup count it feeds', () => {
    const broken = withPool(kesState(), 'kes', (pool) => ({ ...pool, counts: { ...pool.counts, other: -1 } }));
    expect(noNegativeCounts(broken)).toEqual(['pool kes: R-V1 other is -1', 'pool kes: counter other is -1']);
  });

  test('R-V3: catches a group listed with no machine', () => {
    const broken = withPool(kesState(), 'kes', (pool) => ({ ...pool, groups: setEntry(pool.groups, 'g-empty', 0) }));
    expect(noNegativeCounts(broken)).toEqual(['R-V3: pool kes: group g-empty is listed with 0 machines']);
  });
});
