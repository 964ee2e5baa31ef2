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
};
