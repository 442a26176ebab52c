import { run } from '@grammyjs/runner';
import { type Sandbox, startSandbox } from 'bot-api-sandbox';
import { Bot } from 'grammy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopRunner } from '../../../src/bot/stop-runner.ts';

const TOKEN = '710009:stop-runner-token';

describe('stopping a polling bot (bot ↔ sandbox)', () => {
  let sandbox: Sandbox;

  beforeAll(async () => {
    sandbox = await startSandbox();
    sandbox.addBot({ token: TOKEN, profile: 'telegram' });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  it('when the bot is stopped while an update is still being handled, then the stop waits for it to finish', async () => {
    let openGate = () => {};
    const gate = new Promise<void>((resolve) => {
      openGate = resolve;
    });
    const events: string[] = [];
    const bot = new Bot(TOKEN, { client: { apiRoot: sandbox.apiRoot } });
    bot.on('message', async (ctx) => {
      await ctx.reply('got it');
      // The rest of the update's work, such as writing its session, after the reply is on screen.
      await gate;
      events.push('update finished');
    });
    await bot.init();
    const runner = run(bot);
    const user = sandbox.user({ token: TOKEN, firstName: 'A', userId: 1 });
    user.sendText('hello');
    await user.waitFor((m) => m.text === 'got it');

    const stopped = stopRunner(runner).then(() => events.push('stopped'));
    // Whatever the stop awaits first (the fetch loop ending), it may not resolve while the update is in hand.
    await runner.task();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(events).toEqual([]);
    openGate();
    await stopped;
    expect(events).toEqual(['update finished', 'stopped']);
  });
});
