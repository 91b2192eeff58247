import { defineConfig } from 'vitest/config';

/**
 * Whole-bot runs that take a minute or more each (`npm start` killed mid-storm, the README's first
 * hour): they run after the rest, one at a time (vitest.e2e.config.ts), so the rest's parallel load
 * does not stretch them past their time limits.
 */
export const WHOLE_BOT_TESTS = ['test/readme-first-hour.test.ts', 'test/local/start-crash.test.ts'];

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...WHOLE_BOT_TESTS],
    setupFiles: ['test/setup/msw.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // Setting up lab data on a real emulator can take longer than vitest's 10 s on a busy machine.
    hookTimeout: 60_000,
  },
});
