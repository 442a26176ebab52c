import { type Sandbox, startSandbox } from 'bot-api-sandbox';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../../../src/bot/create-bot.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { createMessageLogRepository } from '../../../src/persistence/repositories/message-log.repository.ts';
import { createProcessedUpdateRepository } from '../../../src/persistence/repositories/processed-update.repository.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { TestClock } from '../../support/bot-harness.ts';
import { createTestDatabase } from '../../support/database.ts';

const database = await createTestDatabase();
const BALE = '720002:bale-resilience';

describe('platform API calls on Bale (what Bale lacks never breaks a flow)', () => {
  let sandbox: Sandbox;
  let api: ReturnType<typeof createBot>['bot']['api'];

  beforeAll(async () => {
    sandbox = await startSandbox({ limits: { perChatBurst: 20 } });
    sandbox.addBot({ token: BALE, profile: 'bale' });
    const { bot } = createBot(
      { platform: 'bale', token: BALE, apiRoot: sandbox.apiRoot },
      {
        logger: pino({ level: 'silent' }),
        i18n: await createI18n({ defaultLocale: 'fa' }),
        defaultLocale: 'fa',
        adminIds: [],
        users: createUserRepository(database.models),
        sessions: createSessionStorage(database.models),
        processedUpdates: createProcessedUpdateRepository(database.models),
        messageLog: createMessageLogRepository(database.models),
        now: new TestClock().now,
      },
    );
    api = bot.api;
  });
  afterAll(() => sandbox.close());

  const userWhoWrote = (userId: number) => {
    const user = sandbox.user({ token: BALE, userId, firstName: 'Bale user' });
    user.sendText('سلام');
    return user;
  };

  it('when a message asks for HTML formatting, then it is sent as plain text instead of being refused', async () => {
    const user = userWhoWrote(1);
    await api.sendMessage(user.chatId, '<b>فراخوان</b>', { parse_mode: 'HTML' });
    expect(user.lastMessage()?.text).toBe('<b>فراخوان</b>');
  });

  it('when Bale refuses setMyCommands and sendChatAction, then the calls resolve quietly', async () => {
    const user = userWhoWrote(2);
    await expect(api.setMyCommands([{ command: 'start', description: 'شروع' }])).resolves.toBe(true);
    await expect(api.sendChatAction(user.chatId, 'typing')).resolves.toBe(true);
  });

  it('when an edit is refused, then the new text arrives as a new message', async () => {
    const user = userWhoWrote(3);
    const sent = await api.sendMessage(user.chatId, 'نسخه‌ی اول');
    sandbox.failNext({ method: 'editMessageText', status: 400, description: "Bad Request: message can't be edited" });
    await api.editMessageText(user.chatId, sent.message_id, 'نسخه‌ی دوم');
    expect(user.messages().map((m) => m.text)).toEqual(['نسخه‌ی اول', 'نسخه‌ی دوم']);
  });

  it('when an edit changes nothing, then it counts as done', async () => {
    const user = userWhoWrote(4);
    const sent = await api.sendMessage(user.chatId, 'بدون تغییر');
    await expect(api.editMessageText(user.chatId, sent.message_id, 'بدون تغییر')).resolves.toBe(true);
  });

  it('when Bale answers 429 without retry_after, then the call is retried and succeeds', async () => {
    const user = userWhoWrote(5);
    sandbox.failNext({ method: 'sendMessage', status: 429, token: BALE, count: 2 });
    await api.sendMessage(user.chatId, 'پس از محدودیت');
    expect(user.lastMessage()?.text).toBe('پس از محدودیت');
  });

  it('when the user has blocked the bot, then the 403 reaches the caller (it must not be retried)', async () => {
    const user = userWhoWrote(6);
    user.block();
    await expect(api.sendMessage(user.chatId, 'x')).rejects.toMatchObject({ error_code: 403 });
  });
});
