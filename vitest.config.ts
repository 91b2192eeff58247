import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/msw.ts'],
    environment: 'node',
    testTimeout: 20_000,
  },
});
