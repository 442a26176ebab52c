import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import { LongFilesFirst } from './test/support/sequencer.ts';

// Node processes of the run (workers, and the bot, demo and sender processes tests start) keep V8's compiled code
// here, so the second start of a module is quicker: a bot process was running 1 s sooner (2.0 s, not 3.0-3.4 s).
process.env.NODE_COMPILE_CACHE ??= join(tmpdir(), 'nazr-test-compile-cache');

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 90_000,
    pool: 'forks',
    // Each worker loads the app's modules once instead of once per file: on test/e2e/registration that halved the
    // CPU time (30 s to 17 s) and cut the wall time from 50-84 s to 28 s, on test/integration + test/unit from 412 s
    // to 191 s (busy 2-core machine, runs back to back). Files stay apart where it matters: each has a database of
    // its own (test/support/database.ts), its own sandbox and app, and no test mocks modules or stubs globals.
    isolate: false,
    // Most files wait (FerretDB, the sandbox, outbox pacing) rather than compute: two files at a time took
    // test/integration + test/unit from 191 s to 95 s even on 2 cores, where vitest's default is one. Three gained
    // nothing on e2e files and made restart tests time out on a loaded machine.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    sequence: { sequencer: LongFilesFirst },
    reporters: ['default'],
  },
});
