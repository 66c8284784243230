import { defineConfig } from 'vitest/config';

/** Options both projects share (the root's globalSetup runs once for both: the build, the PostgreSQL server). */
const shared = {
  // Generous: the machines are shared and loaded; test/support/wait.ts bounds each wait inside a test.
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // Test files share each worker's loaded modules instead of importing Bolt
  // and its dependencies again per file: that import was a third of the
  // suite's wall time (25 s of 112 s on the 2-core machine). Every test
  // builds its own app, store and fake Slack, so nothing else is shared;
  // checked with shuffled orders (--sequence.shuffle).
  isolate: false,
};

/**
 * The Slack end-to-end files, run a second time with startTestSlackApp and
 * startTestSocketApp (test/support/test-app.ts) starting two replicas on one
 * PostgreSQL database, as a Deployment of two: behind a round-robin front in
 * HTTP mode, as behind a Service; each with its own socket in Socket Mode,
 * Slack handing each envelope to one of them.
 *
 * Not in it, as about one process by nature: the console (test/console, a
 * terminal for one person) and the files that run the compiled program as
 * one process to test its own life (start-up, .env, signals and stopping,
 * its knowledge watcher, its Socket Mode reconnection, the container);
 * test/digest-lifecycle.test.ts already runs two of those processes on one
 * database, as test/slack/replicas.test.ts does two apps.
 */
const SLACK_END_TO_END = ['test/slack/*.test.ts'];
const ONE_PROCESS_BY_NATURE = [
  // Pure Block Kit builders: no app, no state, nothing a topology changes.
  'test/slack/blocks.test.ts',
  'test/slack/builders.test.ts',
  // Already two replicas on one database, each with a fake Slack of its own to tell them apart.
  'test/slack/replicas.test.ts',
  // A pod's readiness follows its own socket, and its /metrics count its own requests.
  'test/slack/socket-readiness.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    projects: [
      { test: { ...shared, name: 'one-process', include: ['test/**/*.test.ts'] } },
      {
        test: {
          ...shared,
          name: 'two-replicas-postgres',
          include: SLACK_END_TO_END,
          exclude: ONE_PROCESS_BY_NATURE,
          env: { KUBECON_TEST_TOPOLOGY: 'two-replicas-postgres' },
        },
      },
    ],
  },
});
