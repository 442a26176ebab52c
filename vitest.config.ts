import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Each worker loads the app's modules once instead of once per file (about a third of an e2e file's time went to
    // imports; half the CPU time on test/e2e/registration). Files stay apart where it matters: each has a database of
    // its own (test/support/database.ts), its own sandbox and app, and no test mocks modules or stubs globals.
    isolate: false,
    // Most files wait (FerretDB, the sandbox, outbox pacing) rather than compute: two files at a time halve the wall
    // time of test/integration + test/unit even on 2 cores, where vitest's default would be one. More than two
    // timed out e2e tests on a loaded 2-core machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    reporters: ['default'],
  },
});
