import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    // Generous: the machines are shared and loaded; test/support/wait.ts bounds each wait inside a test.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Test files share each worker's loaded modules instead of importing Bolt
    // and its dependencies again per file: that import was a third of the
    // suite's wall time (25 s of 112 s on the 2-core machine). Every test
    // builds its own app, store and fake Slack, so nothing else is shared;
    // checked with shuffled orders (--sequence.shuffle).
    isolate: false,
  },
});
