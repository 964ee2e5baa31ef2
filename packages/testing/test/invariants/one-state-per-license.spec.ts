import { oneStatePerLicense } from '../../src/invariants/one-state-per-license';
import { kesState, withLicense, withPool } from '../support/fixtures';

describe('oneStatePerLicense', () => {
  test('R-V1: passes on a hand-checked state', () => {
    expect(oneStatePerLicense(kesState())).toEqual([]);
  });

  test('R-V1: catches a license whose status moved without its count', () => {
    const broken = withLicense(kesState(), 'kes#4', (license) => ({ ...license, status: 'other' }));
    expect(oneStatePerLicense(broken)).toEqual([
      'R-V1: pool kes: other shows 0 but 1 licenses are other',
      'R-V1: pool kes: unused shows 1 but 0 licenses are unused',
      'R-V2: pool kes: Used shows 2 but 3 licenses were used to date',
    ]);
  });

  test('R-P3: catches counts that do not add up to Max', () => {
    const broken = withPool(kesState(), 'kes', (pool) => ({ ...pool, counts: { ...pool.counts, applied: 2 } }));
    expect(oneStatePerLicense(broken)).toContain('R-P3: pool kes: the popup counts add up to 5, not Max 4');
  });
});
