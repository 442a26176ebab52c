import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import { expect, it } from 'vitest';
import { startApp } from '../../src/app.ts';
import { startEmbeddedDatabase } from '../../src/persistence/embedded-database.ts';
import { defaultConfig, TEST_TOKENS } from '../support/bot-harness.ts';

const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

interface Health {
  ok: boolean;
  database: { ok: boolean };
}

/**
 * The app on a FerretDB of the test's own; `outage` takes the database away (and may return how to bring it back
 * for the clean-up), then /healthz is asked until it reports the database down.
 */
async function healthDuringOutage(
  outage: (pid: number, stop: () => Promise<void>) => Promise<(() => void) | undefined>,
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'nazr-health-'));
  const database = await startEmbeddedDatabase({ dataDir, logger, ferretdbBin: process.env.FERRETDB_BIN || undefined });
  const pid = Number(await readFile(join(dataDir, 'ferretdb', 'ferretdb.pid'), 'utf8'));
  const sandbox = await startSandbox();
  sandbox.addBot({ token: TEST_TOKENS.telegram, profile: 'telegram' });
  const app = await startApp({
    config: {
      ...defaultConfig(),
      platforms: [
        { platform: 'telegram', token: TEST_TOKENS.telegram, apiRoot: sandbox.apiRoot, messagesPerSecond: 30 },
      ],
      sandbox: false,
      mongodbUri: database.uri,
      port: 0,
      logLevel: 'silent',
    },
    logger,
    scheduler: false,
  });
  const health = async (): Promise<{ status: number; body: Health }> => {
    const response = await fetch(`http://127.0.0.1:${app.port}/healthz`);
    return { status: response.status, body: (await response.json()) as Health };
  };
  let recover: (() => void) | undefined;
  try {
    const before = await health();
    recover = await outage(pid, database.stop);
    const startedAt = performance.now();
    let during = await health();
    while (during.body.database.ok && performance.now() - startedAt < 10_000) during = await health();
    return { before, during, detectedMs: performance.now() - startedAt };
  } finally {
    recover?.();
    await database.stop();
    await app.stop();
    await sandbox.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}

it('when the database server is stopped, then /healthz says so within two seconds', async () => {
  const { before, during, detectedMs } = await healthDuringOutage(async (_pid, stop) => {
    await stop();
    return undefined;
  });
  expect(before).toMatchObject({ status: 200, body: { ok: true, database: { ok: true } } });
  expect(during).toMatchObject({ status: 503, body: { ok: false, database: { ok: false } } });
  expect(detectedMs).toBeLessThan(2000);
}, 60_000);

it('when the database server stops answering (its process frozen), then /healthz says so within two seconds', async () => {
  const { before, during, detectedMs } = await healthDuringOutage(async (pid) => {
    process.kill(pid, 'SIGSTOP');
    return () => process.kill(pid, 'SIGCONT');
  });
  expect(before).toMatchObject({ status: 200, body: { ok: true, database: { ok: true } } });
  expect(during).toMatchObject({ status: 503, body: { ok: false, database: { ok: false } } });
  expect(detectedMs).toBeLessThan(2000);
}, 60_000);
