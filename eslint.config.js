// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules that do I/O or read ambient state; pure layers may not import them (STYLE.md §2). */
const ioModules = [
  'axios',
  'bullmq',
  'ioredis',
  'pg',
  '@electric-sql/pglite',
  'express',
  'node:fs',
  'node:fs/promises',
  'fs',
  'node:process',
  'node:child_process',
  'node:net',
  'node:http',
];

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'bench-results/', 'bin/', 'plugin/assets/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/jobs/**', '../../jobs/*'], message: 'src/ never imports jobs/.' },
          ],
        },
      ],
    },
  },
  {
    // The metric engine, the domain model and connector mapping are pure: no I/O, no clock, no env.
    files: ['src/metrics/**/*.ts', 'src/domain/**/*.ts', 'src/connectors/*/map*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: ioModules, patterns: ['**/store/**', '**/queue/**', '**/http/**'] },
      ],
      'no-restricted-globals': ['error', 'process'],
      'no-restricted-properties': [
        'error',
        {
          object: 'Date',
          property: 'now',
          message: 'Pass `now` in; pure code never reads the clock.',
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Pass `now` in.',
        },
      ],
    },
  },
  {
    // Test doubles implement async contracts without always awaiting anything.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['**/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
);
