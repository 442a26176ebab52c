import { autoRetry } from '@grammyjs/auto-retry';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox, SimulatedUser } from '../src/index.ts';
import { BALE_TOKEN, callApi, grammyBot, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

describe('sandbox fault injection', () => {
  let sandbox: Sandbox;
  let user: SimulatedUser;
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox({ limits: { perChatBurst: 20 } });
    user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendText('hi');
  });
  afterEach(async () => {
    await sandbox.close();
  });

  const send = (text: string) => callApi(sandbox, TELEGRAM_TOKEN, 'sendMessage', { chat_id: user.chatId, text });

  it('when failNext asks for two 500s, then exactly the next two calls fail and nothing is delivered for them', async () => {
    sandbox.failNext({ method: 'sendMessage', status: 500, count: 2 });
    expect((await send('a')).status).toBe(500);
    expect((await send('b')).body).toEqual({ ok: false, error_code: 500, description: 'Internal Server Error' });
    expect((await send('c')).status).toBe(200);
    expect(user.messages().map((m) => m.text)).toEqual(['c']);
  });

  it('when failNext injects a 429 with retry_after, then grammY auto-retry waits and succeeds', async () => {
    sandbox.failNext({ method: 'sendMessage', status: 429, retryAfter: 1 });
    const bot = await grammyBot(sandbox);
    bot.api.config.use(autoRetry());
    const started = Date.now();
    await bot.api.sendMessage(user.chatId, 'eventually');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(sandbox.stats(TELEGRAM_TOKEN)).toMatchObject({ tooManyRequests: 1, calls: { sendMessage: 2 } });
  });

  it('when failNext names another bot, then this bot is unaffected', async () => {
    sandbox.failNext({ method: 'sendMessage', status: 403, token: BALE_TOKEN });
    expect((await send('fine')).status).toBe(200);
  });

  it('when a 429 storm is on, then every send fails until it is switched off', async () => {
    sandbox.startStorm({ retryAfter: 3 });
    const during = await send('storm');
    expect(during.status).toBe(429);
    expect(during.body.parameters).toEqual({ retry_after: 3 });
    expect((await callApi(sandbox, TELEGRAM_TOKEN, 'getMe')).status).toBe(200);
    sandbox.stopStorm();
    expect((await send('calm')).status).toBe(200);
  });

  it('when a platform is taken down, then every call of its bots fails with 502 until it is brought up again', async () => {
    const baleUser = sandbox.user({ token: BALE_TOKEN, firstName: 'Reza' });
    baleUser.sendText('hi');
    const sendBale = (text: string) => callApi(sandbox, BALE_TOKEN, 'sendMessage', { chat_id: baleUser.chatId, text });
    sandbox.fault('bale', 'down');
    expect((await sendBale('lost')).status).toBe(502);
    expect((await callApi(sandbox, BALE_TOKEN, 'getMe')).status).toBe(502);
    expect((await send('telegram still works')).status).toBe(200);
    sandbox.fault('bale', 'up');
    expect((await sendBale('back')).status).toBe(200);
    expect(baleUser.messages().map((m) => m.text)).toEqual(['back']);
  });
});
