import fc from 'fast-check';

// jest/fast-check.setup.js runs before every test file; this checks it reached fast-check.
describe('fast-check settings (jest/fast-check-settings.js)', () => {
  test('every property runs with the one seed and number of runs, LEDGER_SEED and LEDGER_NUM_RUNS when set', () => {
    const global = fc.readConfigureGlobal();
    /* eslint-disable no-restricted-syntax -- this test checks the one place that reads them */
    expect(global.seed).toBe(Number(process.env['LEDGER_SEED'] || 20251123));
    expect(global.numRuns).toBe(Number(process.env['LEDGER_NUM_RUNS'] || 100));
    /* eslint-enable no-restricted-syntax */
  });

  test('two checks of one property draw the same cases', () => {
    const drawn = (): number[] => {
      const seen: number[] = [];
      fc.assert(
        fc.property(fc.integer(), (n) => {
          seen.push(n);
        }),
      );
      return seen;
    };
    expect(drawn()).toEqual(drawn());
  });
});
