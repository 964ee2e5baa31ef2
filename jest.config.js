/** One jest run for the whole workspace; packages resolve to their sources. */
module.exports = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'require', 'default'] },
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] },
  testMatch: ['<rootDir>/packages/*/test/**/*.spec.ts', '<rootDir>/examples/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
};
