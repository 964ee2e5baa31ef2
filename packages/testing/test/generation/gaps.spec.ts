import { DAY_MS } from '@license-ledger/core';
import fc from 'fast-check';
import { gapArbitrary, startArbitrary } from '../../src/generation/gaps';
import { coverageSeed } from '../support/settings';

describe('gapArbitrary', () => {
  test(`R-T1/R-T2: gaps run from none at all to hundreds of days (seed ${coverageSeed})`, () => {
    const gaps = fc.sample(gapArbitrary, { seed: coverageSeed, numRuns: 500 });
    expect(gaps.every((gap) => gap >= 0 && gap <= 400 * DAY_MS)).toBe(true);
    expect([
      gaps.includes(0),
      gaps.some((gap) => gap > 100 * DAY_MS),
      gaps.some((gap) => gap > 0 && gap < DAY_MS),
    ]).toEqual([true, true, true]);
  });
});

describe('startArbitrary', () => {
  test(`starts in 2024 or 2025, on a whole minute (seed ${coverageSeed})`, () => {
    const starts = fc.sample(startArbitrary, { seed: coverageSeed, numRuns: 200 });
    expect(
      starts.every((start) => start >= Date.UTC(2024, 0, 1) && start <= Date.UTC(2026, 0, 1) && start % 60_000 === 0),
    ).toBe(true);
  });
});
