import { startSandbox } from 'bot-api-sandbox';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { freshDatabaseName, withDatabaseName } from '../support/database.ts';
import { freePort, type MainProcess, startMain, stopMain, waitForOutput } from '../support/main-process.ts';

const TOKEN = '730077:polling-lease-token';

describe('polling mode with a second instance (real processes)', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('when a second instance polls the same token, then it exits non-zero saying why; after the first is killed, a new one takes over', async () => {
    const sandbox = await startSandbox();
    cleanups.push(() => sandbox.close());
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
    const env = {
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: sandbox.apiRoot,
      MONGODB_URI: withDatabaseName(inject('mongoUri'), freshDatabaseName()),
      LOG_LEVEL: 'info',
    };
    const launch = async (): Promise<MainProcess> => {
      const started = startMain({ ...env, PORT: String(await freePort()) });
      cleanups.push(() => stopMain(started));
      return started;
    };

    const first = await launch();
    await waitForOutput(first, 'Nazr is running');
    const second = await launch();
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain('another instance is already polling telegram for bot 730077');
    expect(second.output()).toContain('BOT_MODE=webhook');
    expect(second.output()).not.toContain('Nazr is running');

    first.child.kill('SIGKILL');
    await first.exited;
    const third = await launch();
    await waitForOutput(third, 'Nazr is running');
    const user = sandbox.user({ token: TOKEN, firstName: 'Dr. Karimi', userId: 77 });
    user.sendCommand('/start');
    const reply = await user.waitFor((m) => m.text?.includes('همکار گرامی') === true, 10_000);
    expect(reply.text).toContain('همکار گرامی');
  }, 120_000);
});
