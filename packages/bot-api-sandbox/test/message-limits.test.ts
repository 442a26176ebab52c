import { type Bot, GrammyError, InlineKeyboard } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox, SimulatedUser } from '../src/index.ts';
import { callApi, grammyBot, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

/** The GrammyError a call fails with, or a test failure when it succeeds. */
async function failure(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(error)}`);
  return error;
}

describe('sandbox message limits', () => {
  let sandbox: Sandbox;
  let bot: Bot;
  let user: SimulatedUser;
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox({ limits: { perChatBurst: 100, perChatPerSecond: 100 } });
    bot = await grammyBot(sandbox);
    user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendCommand('/start');
  });
  afterEach(async () => {
    await sandbox.close();
  });

  it('when a text has exactly 4096 characters, then it is sent', async () => {
    const sent = await bot.api.sendMessage(user.chatId, 'ب'.repeat(4096));
    expect(sent.text).toHaveLength(4096);
  });

  it('when a text has 4097 characters, then sendMessage fails with 400 message is too long', async () => {
    const error = await failure(bot.api.sendMessage(user.chatId, 'x'.repeat(4097)));
    expect(error.error_code).toBe(400);
    expect(error.description).toBe('Bad Request: message is too long');
    expect(user.messages()).toHaveLength(0);
  });

  it('when a text is empty or only spaces, then sendMessage fails with message text is empty', async () => {
    expect((await failure(bot.api.sendMessage(user.chatId, ''))).description).toBe(
      'Bad Request: message text is empty',
    );
    expect((await failure(bot.api.sendMessage(user.chatId, '   \n'))).description).toBe(
      'Bad Request: message text is empty',
    );
  });

  it('when the limit is configured lower, then the configured limit applies', async () => {
    const small = await startTwoBotSandbox({ limits: { maxTextLength: 10 } });
    try {
      const smallUser = small.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
      smallUser.sendText('hi');
      const answer = await callApi(small, TELEGRAM_TOKEN, 'sendMessage', {
        chat_id: smallUser.chatId,
        text: '12345678901',
      });
      expect(answer.body.description).toBe('Bad Request: message is too long');
    } finally {
      await small.close();
    }
  });

  it('when callback_data is 64 bytes, then it is accepted; at 65 bytes, then BUTTON_DATA_INVALID', async () => {
    await bot.api.sendMessage(user.chatId, 'ok', { reply_markup: new InlineKeyboard().text('a', 'd'.repeat(64)) });
    const error = await failure(
      bot.api.sendMessage(user.chatId, 'too long', { reply_markup: new InlineKeyboard().text('a', 'd'.repeat(65)) }),
    );
    expect(error.error_code).toBe(400);
    expect(error.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('when callback_data is 33 Persian letters, then it is refused because it is 66 bytes', async () => {
    const error = await failure(
      bot.api.sendMessage(user.chatId, 'fa', { reply_markup: new InlineKeyboard().text('a', 'س'.repeat(33)) }),
    );
    expect(error.description).toBe('Bad Request: BUTTON_DATA_INVALID');
  });

  it('when HTML is well formed, then the stored text is plain and carries entities', async () => {
    const sent = await bot.api.sendMessage(user.chatId, '<b>نذر</b> &amp; <a href="https://example.org">link</a>', {
      parse_mode: 'HTML',
    });
    expect(sent.text).toBe('نذر & link');
    expect(sent.entities).toEqual([
      { type: 'bold', offset: 0, length: 3 },
      { type: 'text_link', offset: 6, length: 4, url: 'https://example.org' },
    ]);
    expect(user.lastMessage()?.parseMode).toBe('HTML');
  });

  it.each([
    ['<b>unclosed', /Can't find end tag corresponding to start tag "b"/],
    ['<b><i>crossed</b></i>', /Unmatched end tag/],
    ['a < b', /Unsupported start tag/],
    ['<br>', /Unsupported start tag "br"/],
    ['closing</b>', /Unexpected end tag/],
  ])('when HTML is %j, then sendMessage fails with can\u2019t parse entities', async (text, detail) => {
    const error = await failure(bot.api.sendMessage(user.chatId, text, { parse_mode: 'HTML' }));
    expect(error.error_code).toBe(400);
    expect(error.description).toMatch(/^Bad Request: can't parse entities: /);
    expect(error.description).toMatch(detail);
  });

  it.each([
    ['Price: 10.5', /Character '\.' is reserved/],
    ['*bold', /Can't find end of Bold entity/],
    ['_a *b_ c*', /Can't find end of Bold entity/],
  ])('when MarkdownV2 is %j, then sendMessage fails with can\u2019t parse entities', async (text, detail) => {
    const error = await failure(bot.api.sendMessage(user.chatId, text, { parse_mode: 'MarkdownV2' }));
    expect(error.description).toMatch(detail);
  });

  it('when MarkdownV2 is escaped properly, then the message is sent with entities', async () => {
    const sent = await bot.api.sendMessage(user.chatId, '*bold* and \\. `code`', { parse_mode: 'MarkdownV2' });
    expect(sent.text).toBe('bold and . code');
    expect(sent.entities?.map((e) => e.type)).toEqual(['bold', 'code']);
  });

  it('when parse_mode is unknown, then sendMessage fails with 400', async () => {
    const answer = await callApi(sandbox, TELEGRAM_TOKEN, 'sendMessage', {
      chat_id: user.chatId,
      text: 'x',
      parse_mode: 'BBCode',
    });
    expect(answer.body.description).toBe('Bad Request: unsupported parse_mode');
  });

  it('when a callback answer is longer than 200 characters, then answerCallbackQuery fails', async () => {
    await bot.api.sendMessage(user.chatId, 'card', { reply_markup: new InlineKeyboard().text('OK', 'ok') });
    const press = user.press('OK');
    const id = press.callback_query?.id ?? '';
    const error = await failure(bot.api.answerCallbackQuery(id, { text: 'x'.repeat(201) }));
    expect(error.description).toBe('Bad Request: MESSAGE_TOO_LONG');
    await bot.api.answerCallbackQuery(id, { text: 'y'.repeat(200), show_alert: true });
    expect(user.alerts()).toMatchObject([{ callbackQueryId: id, text: 'y'.repeat(200), showAlert: true }]);
  });

  it('when a callback query is answered twice, then the second answer fails', async () => {
    await bot.api.sendMessage(user.chatId, 'card', { reply_markup: new InlineKeyboard().text('OK', 'ok') });
    const id = user.press('OK').callback_query?.id ?? '';
    await bot.api.answerCallbackQuery(id);
    const error = await failure(bot.api.answerCallbackQuery(id));
    expect(error.description).toMatch(/query ID is invalid/);
  });

  it('when an inline button has no action, then sendMessage fails with 400', async () => {
    const answer = await callApi(sandbox, TELEGRAM_TOKEN, 'sendMessage', {
      chat_id: user.chatId,
      text: 'x',
      reply_markup: { inline_keyboard: [[{ text: 'plain' }]] },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.description).toMatch(/Text buttons are unallowed in the inline keyboard/);
  });
});
