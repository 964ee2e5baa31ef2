// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', '**/*.d.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // typescript-eslint's type-aware recommended set, in full, for the TypeScript sources and tests.
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ['**/*.ts'] })),
  {
    // Type-aware rules on top of the recommended set.
    files: ['**/*.ts'],
    // The root tsconfig resolves workspace packages to their sources (customConditions: source), so
    // types do not depend on whether dist/ was built; the per-package tsconfigs resolve to dist/.
    languageOptions: { parserOptions: { project: ['./tsconfig.json'], tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-unnecessary-boolean-literal-compare': 'error',
      '@typescript-eslint/prefer-includes': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.object.name="Date"][callee.property.name="now"]',
          message: 'The core has no clock: time is data (pass the instant).',
        },
        {
          selector: 'CallExpression[callee.object.name="Math"][callee.property.name="random"]',
          message: 'No randomness: replay must be deterministic (R-L6).',
        },
      ],
    },
  },
  {
    files: ['packages/*/src/**/*.ts'],
    rules: {
      // Code does not import its own package barrel (or any package by name from inside itself).
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['../index', './index', '../../index'], message: 'Import the module, not the barrel.' }],
        },
      ],
    },
  },
  {
    files: ['packages/*/test/**/*.ts'],
    rules: {
      // Tests fake async sources (a log read in chunks, a stream of batches) with async generators
      // over in-memory data: an async generator is the plainest AsyncIterable, and it has nothing to await.
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'MemberExpression[object.object.name="process"][object.property.name="env"][property.name=/^LEDGER_(SEED|NUM_RUNS|PATH)$/]',
          message:
            'fast-check settings are set once, in jest/fast-check-settings.js: leave seed and numRuns out of fc.assert.',
        },
        {
          selector:
            'MemberExpression[object.object.name="process"][object.property.name="env"][property.value=/^LEDGER_(SEED|NUM_RUNS|PATH)$/]',
          message:
            'fast-check settings are set once, in jest/fast-check-settings.js: leave seed and numRuns out of fc.assert.',
        },
        {
          selector: 'CallExpression[callee.object.name="Date"][callee.property.name="now"]',
          message: 'The core has no clock: time is data (pass the instant).',
        },
        {
          selector: 'CallExpression[callee.object.name="Math"][callee.property.name="random"]',
          message: 'No randomness: replay must be deterministic (R-L6).',
        },
      ],
    },
  },
  {
    // jest loads its setup modules as CommonJS.
    files: ['jest/**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        URL: 'readonly',
      },
    },
  },
);
