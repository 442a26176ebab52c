import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { connectDatabase } from '../../src/persistence/connection.ts';
import { freshDatabaseName, withDatabaseName } from '../support/database.ts';
import { freePort, startMain, waitForOutput } from '../support/main-process.ts';

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
    // Logged just after "Nazr is running", possibly in a later chunk of output.
    await waitForOutput(started, 'sandbox mode', 10_000);
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

  it('when SIGTERM comes right after messages came and went, then every one of them is in the message log', async () => {
    const sandbox = await startSandbox();
    cleanups.push(() => sandbox.close());
    const token = '730002:main-process-token';
    sandbox.addBot({ token, profile: 'telegram' });
    const uri = withDatabaseName(inject('mongoUri'), freshDatabaseName());
    const started = startMain({
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_API_ROOT: sandbox.apiRoot,
      MONGODB_URI: uri,
      PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    cleanups.push(() => void started.child.kill('SIGKILL'));
    await waitForOutput(started, 'Nazr is running');
    const user = sandbox.user({ token, firstName: 'Dr. Rahimi', userId: 43 });
    user.sendCommand('/help');
    await user.waitFor((m) => m.text?.includes('/cancel') === true, 5_000);

    // At once: the log is written in batches, so the entries may still be waiting in memory.
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe(0);

    const database = await connectDatabase(uri, { logger: pino({ level: 'silent' }) });
    cleanups.push(async () => {
      await database.connection.dropDatabase();
      await database.close();
    });
    const log = await database.models.messages.find({ chatId: '43' }).lean();
    expect(log.map((entry) => entry.direction).sort()).toEqual(['in', 'out']);
  });
});
