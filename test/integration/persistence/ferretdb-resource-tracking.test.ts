import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mongoose from 'mongoose';
import { describe, expect, it, vi } from 'vitest';
import { cachedFerretdbPath, defaultCacheDir } from '../../../src/persistence/embedded/ferretdb-binary.ts';
import { freePort } from '../../support/main-process.ts';

const projectRoot = join(import.meta.dirname, '../../..');
const binary = process.env.FERRETDB_BIN || (await cachedFerretdbPath(defaultCacheDir(), projectRoot));

// scripts/ensure-ferretdb.sh makes FerretDB's leak tracking (a pprof profile per kind of cursor, each entry walking
// the stack) do nothing: it was a tenth of the server's CPU while thousands answered. A build without the patch lists
// its "FerretDB/…" profiles on the debug server as soon as a cursor was opened.
describe.runIf(!process.env.MONGODB_URI && binary)('FerretDB built for Nazr', () => {
  it('when cursors have been opened, then no resource-tracking profile exists', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nazr-ferretdb-tracking-'));
    const [port, debugPort] = [await freePort(), await freePort()];
    const server = spawn(
      binary!,
      [
        '--handler=sqlite',
        `--sqlite-url=file:${dir}/`,
        `--listen-addr=127.0.0.1:${port}`,
        `--debug-addr=127.0.0.1:${debugPort}`,
        `--state-dir=${dir}`,
        '--telemetry=disable',
        '--log-level=error',
      ],
      { stdio: 'ignore' },
    );
    const connection = mongoose.createConnection(`mongodb://127.0.0.1:${port}/tracking?directConnection=true`, {
      serverSelectionTimeoutMS: 30_000,
    });
    try {
      await connection.asPromise();
      const people = connection.collection<{ _id: number }>('people');
      await people.insertMany(Array.from({ length: 300 }, (_, n) => ({ _id: n })));
      expect(await people.find({}, { batchSize: 50 }).toArray()).toHaveLength(300);
      const profiles = await vi.waitFor(
        async () => {
          const page = await fetch(`http://127.0.0.1:${debugPort}/debug/pprof/`);
          expect(page.ok).toBe(true);
          return page.text();
        },
        { timeout: 10_000, interval: 100 },
      );
      expect(profiles).toContain('goroutine');
      expect(profiles).not.toContain('FerretDB/');
    } finally {
      await connection.close();
      server.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
