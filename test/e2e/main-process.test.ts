import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/sandbox-server.ts';
import { freePort, startMain, waitForOutput } from '../support/bot-process.ts';
import { freshDatabaseName, withDatabaseName } from '../support/database.ts';

describe('the start command (a real process)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('when no token or URI is configured, then it runs sandbox mode on the embedded database and stops cleanly on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'nazr-main-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const started = startMain({ DATA_DIR: dataDir, PORT: String(port), SANDBOX_PORT: '0', LOG_LEVEL: 'info' });
    cleanups.push(() => void started.child.kill('SIGKILL'));
    await waitForOutput(started, 'Nazr is running');
    expect(started.output()).toContain('sandbox mode');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ ok: true, database: { ok: true } });

    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.output()).toContain('shutting down');
  });

  it('when a token, an API root and a MongoDB URI are configured, then /start is answered in Persian within a second', async () => {
    const sandbox = await startSandbox();
    cleanups.push(() => sandbox.close());
    const token = '730001:main-process-token';
    sandbox.addBot({ token, profile: 'telegram' });
    const started = startMain({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: sandbox.apiRoot,
      MONGODB_URI: withDatabaseName(inject('mongoUri'), freshDatabaseName()),
      PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    cleanups.push(async () => {
      started.child.kill('SIGTERM');
      await started.exited;
    });
    await waitForOutput(started, 'Nazr is running');
    const user = sandbox.user({ token, firstName: 'Dr. Karimi', userId: 42 });
    const sentAt = Date.now();
    user.sendCommand('/start');
    const reply = await user.waitFor((m) => m.text?.includes('همکار گرامی') === true, 5_000);
    expect(reply.sentAt - sentAt).toBeLessThan(1_000);
  });
});
