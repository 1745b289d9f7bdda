import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // forks (the default) keeps the native better-sqlite3 addon out of worker threads.
    pool: 'forks',
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
