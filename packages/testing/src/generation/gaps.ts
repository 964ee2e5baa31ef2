import { DAY_MS } from '@license-ledger/core';
import fc from 'fast-check';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/**
 * Time between two commands: mostly hours to weeks, sometimes the same instant
 * (ties, R-T4), sometimes hundreds of days so terms end, extensions take over
 * and auto-extend fires. Shrinks towards no gap at all.
 */
export const gapArbitrary: fc.Arbitrary<number> = fc.oneof(
  { weight: 1, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 59 }).map((minutes) => minutes * MINUTE_MS) },
  { weight: 5, arbitrary: fc.integer({ min: 1, max: 48 }).map((hours) => hours * HOUR_MS) },
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 23 }))
      .map(([days, hours]) => days * DAY_MS + hours * HOUR_MS),
  },
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 400 }).map((days) => days * DAY_MS) },
);

/** A start instant in 2024–2025, on a whole minute so the generated log reads like a real one. */
export const startArbitrary: fc.Arbitrary<number> = fc
  .integer({ min: 0, max: 2 * 365 * 24 * 60 })
  .map((minutes) => Date.UTC(2024, 0, 1) + minutes * MINUTE_MS);

export { HOUR_MS, MINUTE_MS };
