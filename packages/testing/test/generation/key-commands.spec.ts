import fc from 'fast-check';
import { keyCommandArbitrary, keyDraftArbitrary } from '../../src/generation/key-commands';
import { coverageSeed } from '../support/settings';

describe('keyDraftArbitrary', () => {
  test(`R-K1/R-K4: draws keys of every type, subscription and trial ones included, with short terms (seed ${coverageSeed})`, () => {
    const keys = fc.sample(keyDraftArbitrary, { seed: coverageSeed, numRuns: 300 });
    expect(new Set(keys.map((k) => k.type)).size).toBe(3);
    expect([
      keys.some((k) => k.subscription),
      keys.some((k) => k.trial === true),
      keys.some((k) => k.trial === undefined),
    ]).toEqual([true, true, true]);
    expect(keys.every((k) => k.termDays >= 5 && k.termDays <= 400)).toBe(true);
  });
});

describe('keyCommandArbitrary', () => {
  test(`draws every kind of key command (seed ${coverageSeed})`, () => {
    expect(new Set(fc.sample(keyCommandArbitrary, { seed: coverageSeed, numRuns: 200 }).map((c) => c.kind)).size).toBe(
      4,
    );
  });
});
