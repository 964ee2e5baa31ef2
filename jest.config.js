/** One jest run for the whole workspace; packages resolve to their sources. */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'require', 'default'] },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/packages/*/test/**/*.spec.ts', '<rootDir>/examples/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  // One place for fast-check's seed and runs (LEDGER_SEED, LEDGER_NUM_RUNS, LEDGER_PATH), printed once per run.
  setupFiles: ['<rootDir>/jest/fast-check.setup.js'],
  globalSetup: '<rootDir>/jest/global-setup.js',
};
