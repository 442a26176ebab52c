import { type Bot, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox, SimulatedUser } from '../src/index.ts';
import { callApi, grammyBot, rawCall, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

async function rejection(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(error)}`);
  return error;
}

describe('sandbox API errors', () => {
  let sandbox: Sandbox;
  let bot: Bot;
  let user: SimulatedUser;
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox({ limits: { perChatBurst: 50 } });
    bot = await grammyBot(sandbox);
    user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendText('hello');
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('when the user blocked the bot, then sends fail with 403 and the bot is told by my_chat_member', async () => {
    user.block();
    const error = await rejection(bot.api.sendMessage(user.chatId, 'are you there?'));
    expect(error.error_code).toBe(403);
    expect(error.description).toBe('Forbidden: bot was blocked by the user');
    const updates = (await callApi(sandbox, TELEGRAM_TOKEN, 'getUpdates')).body.result as {
      my_chat_member?: { new_chat_member: { status: string } };
    }[];
    expect(updates.at(-1)?.my_chat_member?.new_chat_member.status).toBe('kicked');
  });

  it('when the user unblocks the bot, then sends succeed again', async () => {
    user.block();
    user.unblock();
    await expect(bot.api.sendMessage(user.chatId, 'welcome back')).resolves.toMatchObject({ text: 'welcome back' });
  });

  it('when a message id is unknown, then edit and delete fail with 400 not found', async () => {
    const edit = await rejection(bot.api.editMessageText(user.chatId, 999, 'new'));
    expect(edit.description).toBe('Bad Request: message to edit not found');
    const remove = await rejection(bot.api.deleteMessage(user.chatId, 999));
    expect(remove.description).toBe('Bad Request: message to delete not found');
    const markup = await rejection(bot.api.editMessageReplyMarkup(user.chatId, 999));
    expect(markup.description).toBe('Bad Request: message to edit not found');
  });

  it('when a message was deleted, then deleting or editing it again fails with 400', async () => {
    const sent = await bot.api.sendMessage(user.chatId, 'temporary');
    await bot.api.deleteMessage(user.chatId, sent.message_id);
    expect(user.messages()[0]).toMatchObject({ message_id: sent.message_id, deleted: true });
    expect((await rejection(bot.api.deleteMessage(user.chatId, sent.message_id))).error_code).toBe(400);
    expect((await rejection(bot.api.editMessageText(user.chatId, sent.message_id, 'x'))).description).toBe(
      'Bad Request: message to edit not found',
    );
  });

  it('when the edit repeats the current content, then it fails with message is not modified', async () => {
    const sent = await bot.api.sendMessage(user.chatId, 'same');
    const error = await rejection(bot.api.editMessageText(user.chatId, sent.message_id, 'same'));
    expect(error.description).toMatch(/^Bad Request: message is not modified/);
  });

  it('when the bot edits a user message, then it fails with message can\u2019t be edited', async () => {
    const own = user.sendText('mine').message?.message_id ?? 0;
    const error = await rejection(bot.api.editMessageText(user.chatId, own, 'changed'));
    expect(error.description).toBe("Bad Request: message can't be edited");
  });

  it('when nobody by that id ever existed, then sendMessage fails with 400 chat not found', async () => {
    const error = await rejection(bot.api.sendMessage(123_456_789_012, 'hello?'));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe('Bad Request: chat not found');
  });

  it('when a user exists but never wrote to the bot, then sendMessage fails with 403 as on Telegram', async () => {
    const silent = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Silent' });
    const error = await rejection(bot.api.sendMessage(silent.chatId, 'hello?'));
    expect(error.error_code).toBe(403);
    expect(error.description).toBe("Forbidden: bot can't initiate conversation with a user");
  });

  it('when the token is unknown, then every call fails with 401 Unauthorized', async () => {
    const answer = await callApi(sandbox, '999:nope', 'getMe');
    expect(answer).toEqual({ status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
  });

  it('when the method is unknown, then the call fails with 404 Not Found', async () => {
    const answer = await callApi(sandbox, TELEGRAM_TOKEN, 'sendDice');
    expect(answer).toEqual({ status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
  });

  it('when the body is not valid JSON, then the answer is a 400 JSON error and the server keeps running', async () => {
    const broken = await rawCall(sandbox, `/bot${TELEGRAM_TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"chat_id": ',
    });
    expect(broken.status).toBe(400);
    expect(broken.body.ok).toBe(false);
    const array = await rawCall(sandbox, `/bot${TELEGRAM_TOKEN}/sendMessage`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '[1,2]',
    });
    expect(array.status).toBe(400);
    expect((await callApi(sandbox, TELEGRAM_TOKEN, 'getMe')).status).toBe(200);
  });

  it.each([
    ['a text chat_id', { chat_id: 'abc', text: 'x' }, 'Bad Request: chat not found'],
    ['no chat_id', { text: 'x' }, 'Bad Request: chat_id is empty'],
    ['an object as text', { chat_id: 1, text: { a: 1 } }, 'Bad Request: field "text" must be a string'],
    ['a broken reply_markup', { chat_id: 1, text: 'x', reply_markup: '{oops' }, /can't parse reply keyboard markup/],
    [
      'a keyboard that is not an array of arrays',
      { chat_id: 1, text: 'x', reply_markup: { keyboard: ['a'] } },
      /Array of Arrays/,
    ],
  ])('when sendMessage gets %s, then it answers 400', async (_label, params, description) => {
    const answer = await callApi(sandbox, TELEGRAM_TOKEN, 'sendMessage', params);
    expect(answer.status).toBe(400);
    expect(answer.body.description).toMatch(description);
  });

  it('when a multipart body is truncated, then the answer is 400', async () => {
    const answer = await rawCall(sandbox, `/bot${TELEGRAM_TOKEN}/sendDocument`, {
      method: 'POST',
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      body: '--XYZ\r\ncontent-disposition: form-data; name="chat_id"\r\n\r\n1',
    });
    expect(answer).toMatchObject({ status: 400, body: { ok: false, error_code: 400 } });
  });

  it('when params come as a query string or a form, then they are read like JSON', async () => {
    const query = await rawCall(sandbox, `/bot${TELEGRAM_TOKEN}/sendMessage?chat_id=${user.chatId}&text=from+query`);
    expect(query.body.result).toMatchObject({ text: 'from query' });
    const form = await rawCall(sandbox, `/bot${TELEGRAM_TOKEN}/SENDMESSAGE`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        chat_id: String(user.chatId),
        text: 'from form',
        reply_markup: JSON.stringify({ inline_keyboard: [[{ text: 'A', callback_data: 'a' }]] }),
      }).toString(),
    });
    expect(form.body.result).toMatchObject({ text: 'from form', reply_markup: { inline_keyboard: [[{ text: 'A' }]] } });
  });

  it('when the request body is larger than allowed, then the answer is 413', async () => {
    const small = await startTwoBotSandbox({ maxRequestBytes: 1000 });
    try {
      const answer = await callApi(small, TELEGRAM_TOKEN, 'sendMessage', { chat_id: 1, text: 'x'.repeat(2000) });
      expect(answer.status).toBe(413);
    } finally {
      await small.close();
    }
  });
});
