import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    setupFiles: ['test/setup/msw.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Setting up lab data on a real emulator can take longer than vitest's 10 s on a busy machine.
    hookTimeout: 60_000,
  },
});
