import { defineConfig } from 'vitest/config';
import { WHOLE_BOT_TESTS } from './vitest.config.ts';

export default defineConfig({
  test: {
    include: WHOLE_BOT_TESTS,
    fileParallelism: false,
    setupFiles: ['test/setup/msw.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
