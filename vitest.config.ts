import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Generous: the machines are shared and loaded; test/support/wait.ts bounds each wait inside a test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
