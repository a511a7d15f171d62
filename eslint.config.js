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
    // Services, the HTTP layer and configuration reach adapters only through the ports handed to
    // them by the composition roots (src/main.ts, src/runtime, src/cli, jobs/): no helpdesk
    // client, SQL store, queue implementation, HTTP client or secret store of their own.
    files: ['src/services/**/*.ts', 'src/http/**/*.ts', 'src/config/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'axios',
            'bullmq',
            'ioredis',
            'pg',
            '@electric-sql/pglite',
            'node:child_process',
          ].map((name) => ({
            name,
            message: 'an adapter: take a port from the composition root.',
          })),
          patterns: [
            { group: ['**/jobs/**', '../../jobs/*'], message: 'src/ never imports jobs/.' },
            {
              group: [
                '**/connectors/zendesk/**',
                '**/connectors/freshdesk/**',
                '**/store/sql-*',
                '**/store/open-store*',
                '**/store/migrat*',
                '**/store/index*',
                '**/queue/bullmq*',
                '**/queue/in-process*',
                '**/queue/queue-board*',
                '**/queue/redis-health*',
                '**/runtime/**',
                '**/notify/**',
                '**/simulator/**',
                '**/preview/**',
                '**/cli/**',
                '**/main.js',
              ],
              message:
                'an adapter or a composition root: services, http and config use the interfaces (store/store.ts, connectors/connector.ts, queue/queue.ts) and get the implementation passed in.',
            },
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
