import { run } from '@grammyjs/runner';
import { type Sandbox, startSandbox } from 'bot-api-sandbox';
import { Composer, InlineKeyboard } from 'grammy';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotContext } from '../../../src/bot/context.ts';
import { createBot } from '../../../src/bot/create-bot.ts';
import type { BotDependencies } from '../../../src/bot/dependencies.ts';
import type { Feature } from '../../../src/bot/feature.ts';
import type { FlowDefinition } from '../../../src/bot/flows/flow-engine.ts';
import { stopRunner } from '../../../src/bot/stop-runner.ts';
import { parseInteger } from '../../../src/domain/text/persian-text.ts';
import { createI18n } from '../../../src/i18n/index.ts';
import { createMessageLogRepository } from '../../../src/persistence/repositories/message-log.repository.ts';
import { createProcessedUpdateRepository } from '../../../src/persistence/repositories/processed-update.repository.ts';
import { createSessionStorage } from '../../../src/persistence/repositories/session.repository.ts';
import { createUserRepository } from '../../../src/persistence/repositories/user.repository.ts';
import { TestClock } from '../../support/bot-harness.ts';
import { createTestDatabase } from '../../support/database.ts';
import { nextReply } from '../../support/replies.ts';

const database = await createTestDatabase();
const TOKEN = '710002:flow-engine-token';

interface Draft {
  colour?: string;
  count?: number;
}

// Locale keys of the common namespace stand in for a real flow's questions.
const demoFlow: FlowDefinition<Draft> = {
  name: 'demo',
  first: 'colour',
  steps: {
    colour: {
      back: false,
      view: (_ctx, _data, ui) => ({
        text: 'Q1 colour?',
        keyboard: new InlineKeyboard().text('red', ui.data('red')).text('blue', ui.data('blue')),
      }),
      handle: (_ctx, input, data) =>
        input.kind === 'choice'
          ? { type: 'next', step: 'count', data: { ...data, colour: input.value } }
          : { type: 'invalid', key: 'common:unhandled.hint' },
    },
    count: {
      view: (_ctx, data) => ({ text: `Q2 how many ${data.colour}?` }),
      handle: async (ctx, input, data) => {
        const count = input.kind === 'text' ? parseInteger(input.text) : null;
        if (count === null) return { type: 'invalid', key: 'common:unhandled.hint' };
        await ctx.reply(`done ${data.colour} ${count}`);
        return { type: 'finish' };
      },
    },
  },
};

function demoFeature(): Feature {
  const composer = new Composer<BotContext>();
  composer.command('demo', (ctx) => ctx.flow.start('demo'));
  return { name: 'demo', composer, flows: [demoFlow] };
}

describe('flow engine', () => {
  let sandbox: Sandbox;
  let deps: BotDependencies;
  let stopBot: () => Promise<void> = async () => {};

  const startBot = async () => {
    const { bot } = createBot({ platform: 'telegram', token: TOKEN, apiRoot: sandbox.apiRoot }, deps, [demoFeature()]);
    await bot.init();
    const runner = run(bot);
    stopBot = () => stopRunner(runner);
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ limits: { perChatBurst: 10 } });
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
    deps = {
      logger: pino({ level: 'silent' }),
      i18n: await createI18n({ defaultLocale: 'fa' }),
      defaultLocale: 'fa',
      adminIds: [],
      users: createUserRepository(database.models),
      sessions: createSessionStorage(database.models),
      processedUpdates: createProcessedUpdateRepository(database.models),
      messageLog: createMessageLogRepository(database.models),
      now: new TestClock().now,
    };
    await startBot();
  });
  afterAll(async () => {
    await stopBot();
    await sandbox.close();
  });

  it('when the bot restarts between steps, then the flow continues where the user was', async () => {
    const user = sandbox.user({ token: TOKEN, firstName: 'A', userId: 1 });
    user.sendCommand('/demo');
    await user.waitFor((m) => m.text === 'Q1 colour?');
    user.press('blue');
    await user.waitFor((m) => m.text === 'Q2 how many blue?');
    await stopBot();
    await startBot();
    user.sendText('۱۲');
    expect(await nextReply(user)).toBe('done blue 12');
  });

  it('when a button from an earlier step is pressed, then it is refused and the flow stays put', async () => {
    const user = sandbox.user({ token: TOKEN, firstName: 'B', userId: 2 });
    user.sendCommand('/demo');
    const first = await user.waitFor((m) => m.text === 'Q1 colour?');
    user.press('red', first.message_id);
    await user.waitFor((m) => m.text === 'Q2 how many red?');
    user.press('blue', first.message_id);
    expect((await user.waitForAlert()).text).toContain('مرحله‌ی قبلی');
    user.sendText('3');
    await user.waitFor((m) => m.text === 'done red 3');
  });

  it('when the answer is wrong, then the user is told and asked the same question again', async () => {
    const user = sandbox.user({ token: TOKEN, firstName: 'C', userId: 3 });
    user.sendCommand('/demo');
    await user.waitFor((m) => m.text === 'Q1 colour?');
    user.press('red');
    await user.waitFor((m) => m.text === 'Q2 how many red?');
    user.sendText('🙂🙂');
    const retry = await nextReply(user);
    expect(retry).toContain('متوجه نشدیم');
    expect(retry).toMatch(/Q2 how many red\?$/);
    user.sendText('/unknown');
    expect(await nextReply(user)).toContain('در میانه‌ی یک مرحله');
    user.sendText('7');
    expect(await nextReply(user)).toBe('done red 7');
  });

  it('when back is pressed, then the previous question is asked again; /cancel leaves from anywhere', async () => {
    const user = sandbox.user({ token: TOKEN, firstName: 'D', userId: 4 });
    user.sendCommand('/demo');
    await user.waitFor((m) => m.text === 'Q1 colour?');
    user.press('red');
    await user.waitFor((m) => m.text === 'Q2 how many red?');
    user.press('بازگشت');
    expect(await nextReply(user)).toBe('Q1 colour?');
    user.sendCommand('/cancel');
    const [cancelled, menu] = await user.waitForNew(2);
    expect(cancelled?.text).toBe('لغو شد؛ چیزی ذخیره نشد.');
    expect(menu?.text).toBe('منوی اصلی:');
    user.sendText('5');
    expect(await nextReply(user)).toContain('متوجه نشدیم');
  });
});
