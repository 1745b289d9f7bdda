import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Fails a test that left a Slack limit breach behind (see tests/support/setup.ts).
    setupFiles: ['tests/support/setup.ts'],
    // forks (the default) keeps the native better-sqlite3 addon out of worker threads.
    pool: 'forks',
    // Test files share one module cache per worker instead of loading the app's modules again for each
    // file (a third of the suite's time). Each test builds its own app, database and fakes, so nothing else
    // is shared; a test that changes process-wide state (process.env, a global) puts it back.
    isolate: false,
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
