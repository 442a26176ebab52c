import { run } from '@grammyjs/runner';
import { startSandbox } from 'bot-api-sandbox';
import { Composer } from 'grammy';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../../src/bot/context.ts';
import { createBot } from '../../../src/bot/create-bot.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { createMessageLogRepository } from '../../../src/persistence/repositories/message-log.repository.ts';
import { createProcessedUpdateRepository } from '../../../src/persistence/repositories/processed-update.repository.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { TestClock } from '../../support/bot-harness.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const TOKEN = '710001:error-boundary-token';

describe('error boundary', () => {
  const logged: Array<{ msg: string; update_id?: number }> = [];
  const logger = pino(
    { level: 'error' },
    { write: (line: string) => logged.push(JSON.parse(line) as { msg: string; update_id?: number }) },
  );

  const explode = new Composer<BotContext>();
  explode.command('explode', () => {
    throw new Error('handler bug');
  });

  it('when a handler throws, then the user gets an apology, the error is logged with the update id, and the bot keeps running', async () => {
    const sandbox = await startSandbox();
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
    const { bot } = createBot(
      { platform: 'telegram', token: TOKEN, apiRoot: sandbox.apiRoot },
      {
        logger,
        i18n: await createI18n({ defaultLocale: 'fa' }),
        defaultLocale: 'fa',
        adminIds: [],
        users: createUserRepository(database.models),
        sessions: createSessionStorage(database.models),
        processedUpdates: createProcessedUpdateRepository(database.models),
        messageLog: createMessageLogRepository(database.models),
        now: new TestClock().now,
      },
      [{ name: 'explode', composer: explode }],
    );
    await bot.init();
    const runner = run(bot);
    afterAll(async () => {
      await runner.stop();
      await sandbox.close();
    });

    const user = sandbox.user({ token: TOKEN, firstName: 'Test', userId: 901 });
    const update = user.sendCommand('/explode');
    await user.waitFor((m) => m.text?.includes('پوزش می‌خواهیم') === true);
    expect(logged).toContainEqual(
      expect.objectContaining({ msg: 'update handler failed', update_id: update.update_id }),
    );

    user.sendCommand('/help');
    await user.waitFor((m) => m.text?.includes('/cancel') === true);
    expect(runner.isRunning()).toBe(true);
  });
});
