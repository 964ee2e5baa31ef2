import fc from 'fast-check';
import { licenseCommandArbitrary, poolSpecsArbitrary } from '../../src/generation/license-commands';
import { coverageSeed } from '../support/settings';

describe('poolSpecsArbitrary', () => {
  test(`R-P1: the first pool is KES, pool ids are unique, and there are at most as many as asked (seed ${coverageSeed})`, () => {
    for (const pools of fc.sample(poolSpecsArbitrary(3), { seed: coverageSeed, numRuns: 200 })) {
      expect(pools[0]?.module).toBe('KES');
      expect(pools.length).toBeLessThanOrEqual(3);
      expect(new Set(pools.map((p) => p.poolId)).size).toBe(pools.length);
    }
  });
});

describe('licenseCommandArbitrary', () => {
  test(`draws every kind of license command (seed ${coverageSeed})`, () => {
    const kinds = new Set(fc.sample(licenseCommandArbitrary, { seed: coverageSeed, numRuns: 500 }).map((c) => c.kind));
    expect(kinds.size).toBe(15);
  });
});
