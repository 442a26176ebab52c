import { type Bot, GrammyError, InlineKeyboard } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox, SimulatedUser } from '../src/index.ts';
import { BALE_TOKEN, callApi, grammyBot, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

async function rejection(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(error)}`);
  return error;
}

describe('sandbox Bale profile', () => {
  let sandbox: Sandbox;
  let bale: Bot;
  let user: SimulatedUser;
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox({ limits: { perChatBurst: 1, perChatPerSecond: 1 } });
    bale = await grammyBot(sandbox, BALE_TOKEN);
    user = sandbox.user({ token: BALE_TOKEN, firstName: 'Bahar' });
    user.sendCommand('/start');
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('when the Bale bot sends parse_mode, then it fails with 400 and plain text passes', async () => {
    const error = await rejection(bale.api.sendMessage(user.chatId, '<b>hi</b>', { parse_mode: 'HTML' }));
    expect(error.error_code).toBe(400);
    expect(user.messages()).toHaveLength(0);
    await expect(bale.api.sendMessage(user.chatId, '<b>hi</b>')).resolves.toMatchObject({ text: '<b>hi</b>' });
  });

  it('when the same HTML goes to the Telegram bot, then it is accepted', async () => {
    const telegram = await grammyBot(sandbox, TELEGRAM_TOKEN);
    const tUser = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    tUser.sendText('hi');
    await expect(telegram.api.sendMessage(tUser.chatId, '<b>hi</b>', { parse_mode: 'HTML' })).resolves.toMatchObject({
      text: 'hi',
    });
  });

  it('when the Bale bot calls setMyCommands, then it gets 404; sendChatAction gets 400', async () => {
    const commands = await rejection(bale.api.setMyCommands([{ command: 'start', description: 'Start' }]));
    expect(commands.error_code).toBe(404);
    const action = await rejection(bale.api.sendChatAction(user.chatId, 'typing'));
    expect(action.error_code).toBe(400);
  });

  it('when the Bale bot is rate limited, then 429 comes without retry_after by default', async () => {
    await bale.api.sendMessage(user.chatId, 'one');
    const answer = await callApi(sandbox, BALE_TOKEN, 'sendMessage', { chat_id: user.chatId, text: 'two' });
    expect(answer.status).toBe(429);
    expect(answer.body.parameters).toBeUndefined();
  });

  it('when baleRetryAfter is on, then a Bale 429 carries retry_after', async () => {
    const withRetry = await startTwoBotSandbox({ baleRetryAfter: true, limits: { perChatBurst: 1 } });
    try {
      const baleUser = withRetry.user({ token: BALE_TOKEN, firstName: 'Bahar' });
      baleUser.sendText('hi');
      await callApi(withRetry, BALE_TOKEN, 'sendMessage', { chat_id: baleUser.chatId, text: 'one' });
      const answer = await callApi(withRetry, BALE_TOKEN, 'sendMessage', { chat_id: baleUser.chatId, text: 'two' });
      expect(answer.body.parameters?.retry_after).toBe(1);
    } finally {
      await withRetry.close();
    }
  });

  it('when a Bale user blocks the bot, then no my_chat_member update is produced but sends get 403', async () => {
    const before = (await callApi(sandbox, BALE_TOKEN, 'getUpdates')).body.result as unknown[];
    user.block();
    const after = (await callApi(sandbox, BALE_TOKEN, 'getUpdates')).body.result as unknown[];
    expect(after).toHaveLength(before.length);
    expect((await rejection(bale.api.sendMessage(user.chatId, 'x'))).error_code).toBe(403);
  });

  it('when the Bale bot uses inline keyboards and edits, then they work as on Telegram', async () => {
    const sent = await bale.api.sendMessage(user.chatId, 'card', {
      reply_markup: new InlineKeyboard().text('OK', 'ok'),
    });
    await bale.api.editMessageText(user.chatId, sent.message_id, 'card v2');
    expect(user.lastMessage()).toMatchObject({ text: 'card v2', history: [{ text: 'card' }] });
  });
});
