import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

/** `npm run test:pg`: the same suite on PostgreSQL (see tests/support/global-postgres.ts). */
export default mergeConfig(
  base,
  defineConfig({
    test: {
      globalSetup: ['tests/support/global-postgres.ts'],
      env: { PARTNEROS_TEST_ENGINE: 'postgres' },
    },
  }),
);
