import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Fails a test that left a Slack limit breach behind (see tests/support/setup.ts).
    setupFiles: ['tests/support/setup.ts'],
    // forks (the default) keeps the native better-sqlite3 addon out of worker threads.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
