import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    passWithNoTests: false,
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      {
        test: {
          name: 'http',
          include: ['test/http/**/*.test.ts'],
          setupFiles: ['test/support/node20-polyfills.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.int.test.ts'],
          // Integration files share real Redis/PostgreSQL servers, so they run one at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          // Opening PGlite or a throwaway server in a beforeAll can take over vitest's 10 s default
          // on a loaded 2-core machine; a slow hook is not a failed test.
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.spec.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
