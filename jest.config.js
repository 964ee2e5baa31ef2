/** One jest run for the whole workspace; packages resolve to their sources. */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'require', 'default'] },
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }],
    // PGlite's CommonJS build loads Node built-ins with import(), which jest's CommonJS sandbox
    // cannot run: swc turns those into require() (the store tests run PGlite in-process).
    '@electric-sql/pglite/dist/.+\\.cjs$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['^(?!.*@electric-sql/pglite/).*/node_modules/'],
  testMatch: ['<rootDir>/packages/*/test/**/*.spec.ts', '<rootDir>/examples/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'cjs', 'json'],
  // A dynamic import() names its file with .js, as Node's module resolution (node16) requires of
  // TypeScript sources; here it is the .ts source beside it.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  // One place for fast-check's seed and runs (LEDGER_SEED, LEDGER_NUM_RUNS, LEDGER_PATH), printed once per run.
  setupFiles: ['<rootDir>/jest/fast-check.setup.js'],
  globalSetup: '<rootDir>/jest/global-setup.js',
};
