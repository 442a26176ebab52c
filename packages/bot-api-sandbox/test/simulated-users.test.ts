import { type Bot, InlineKeyboard, Keyboard } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox, SandboxEventMap } from '../src/index.ts';
import { grammyBot, startPolling, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

describe('sandbox simulated users with a grammY bot', () => {
  let sandbox: Sandbox;
  let bot: Bot;
  let stopPolling: () => Promise<void>;
  beforeEach(async () => {
    sandbox = await startTwoBotSandbox({ limits: { perChatBurst: 20 } });
    bot = await grammyBot(sandbox);
  });
  afterEach(async () => {
    await stopPolling?.();
    await sandbox.close();
  });

  function run(): void {
    stopPolling = startPolling(bot);
  }

  it('when the user shares their own contact, then the bot sees their phone and their own user_id', async () => {
    const seen: { userId?: number; fromId?: number; phone?: string }[] = [];
    bot.on('message:contact', async (ctx) => {
      const { contact } = ctx.message;
      seen.push({ userId: contact.user_id, fromId: ctx.from.id, phone: contact.phone_number });
      await ctx.reply(contact.user_id === ctx.from.id ? 'verified' : 'not yours');
    });
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara', phone: '989121234567' });
    user.shareContact();
    await user.waitFor((m) => m.text === 'verified');
    user.shareContact(false);
    await user.waitFor((m) => m.text === 'not yours');
    expect(seen[0]).toEqual({ userId: user.id, fromId: user.id, phone: '989121234567' });
    expect(seen[1]?.userId).not.toBe(user.id);
  });

  it('when the user shares a location, then the bot receives latitude and longitude', async () => {
    bot.on('message:location', (ctx) => ctx.reply(`at ${ctx.message.location.latitude}`));
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.shareLocation(35.7, 51.4);
    expect((await user.waitForNew())[0]?.text).toBe('at 35.7');
  });

  it('when two cards have the same button, then pressing it on the older card applies to that card only', async () => {
    bot.command('cards', async (ctx) => {
      await ctx.reply('card A', { reply_markup: new InlineKeyboard().text('Accept', 'accept:A') });
      await ctx.reply('card B', { reply_markup: new InlineKeyboard().text('Accept', 'accept:B') });
    });
    bot.callbackQuery(/^accept:(.)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: `accepted ${ctx.match[1]}` });
      await ctx.editMessageText(`card ${ctx.match[1]} accepted (message ${ctx.callbackQuery.message?.message_id})`);
    });
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendCommand('/cards');
    const [cardA, cardB] = await user.waitForNew(2);

    user.press('Accept', cardA?.message_id);
    const edited = await user.waitFor((m) => m.edit_date !== undefined);
    expect(edited.message_id).toBe(cardA?.message_id);
    expect(edited.text).toBe(`card A accepted (message ${cardA?.message_id})`);
    expect(edited.reply_markup).toBeUndefined();
    expect(edited.history).toMatchObject([
      { text: 'card A', reply_markup: { inline_keyboard: [[{ text: 'Accept' }]] } },
    ]);
    expect(user.messages().find((m) => m.message_id === cardB?.message_id)).toMatchObject({
      text: 'card B',
      history: [],
    });
    expect(user.alerts().map((a) => a.text)).toEqual(['accepted A']);
  });

  it('when no message id is given, then press uses the latest bot message that has the button', async () => {
    bot.command('cards', async (ctx) => {
      await ctx.reply('old', { reply_markup: new InlineKeyboard().text('Go', 'go:old') });
      await ctx.reply('new', { reply_markup: new InlineKeyboard().text('Go', 'go:new') });
      await ctx.reply('no buttons here');
    });
    bot.callbackQuery(/^go:/, (ctx) => ctx.answerCallbackQuery({ text: ctx.callbackQuery.data }));
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendCommand('/cards');
    await user.waitForNew(3);
    user.press((button) => button.text === 'Go');
    expect((await user.waitForAlert()).text).toBe('go:new');
  });

  it('when the user presses a button that does not exist, then press throws', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    expect(() => user.press('Nope')).toThrow(/no inline button "Nope"/);
  });

  it('when forged data is pressed, then the bot receives exactly that data for that message', async () => {
    const received: string[] = [];
    bot.command('card', (ctx) => ctx.reply('card', { reply_markup: new InlineKeyboard().text('A', 'a') }));
    bot.on('callback_query:data', async (ctx) => {
      received.push(`${ctx.callbackQuery.message?.message_id}:${ctx.callbackQuery.data}`);
      await ctx.answerCallbackQuery();
    });
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendCommand('/card');
    const [card] = await user.waitForNew();
    user.pressData('admin:delete-all', card?.message_id ?? 0);
    await user.waitForAlert();
    expect(received).toEqual([`${card?.message_id}:admin:delete-all`]);
  });

  it('when the bot shows a contact keyboard, then tapping it shares the contact and the keyboard can be removed', async () => {
    bot.command('start', (ctx) =>
      ctx.reply('share your number', { reply_markup: new Keyboard().requestContact('Share phone').oneTime() }),
    );
    bot.on('message:contact', (ctx) => ctx.reply('thanks', { reply_markup: { remove_keyboard: true } }));
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendCommand('/start');
    await user.waitFor((m) => m.text === 'share your number');
    expect(user.replyKeyboard()?.keyboard[0]?.[0]).toEqual({ text: 'Share phone', request_contact: true });
    user.tapKeyboard('Share phone');
    await user.waitFor((m) => m.text === 'thanks');
    expect(user.replyKeyboard()).toBeUndefined();
  });

  it('when the user replies to a bot message, then the update carries reply_to_message', async () => {
    let repliedTo: number | undefined;
    bot.command('ask', (ctx) => ctx.reply('why?'));
    bot.on('message:text', async (ctx) => {
      repliedTo = ctx.message.reply_to_message?.message_id;
      await ctx.reply('got it', { reply_parameters: { message_id: ctx.message.message_id } });
    });
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendCommand('/ask');
    const [question] = await user.waitForNew();
    const answer = user.sendText('because', { replyTo: question?.message_id });
    const reply = await user.waitFor((m) => m.text === 'got it');
    expect(repliedTo).toBe(question?.message_id);
    expect(reply.reply_to_message_id).toBe(answer.message?.message_id);
  });

  it('when waitFor never matches, then it rejects after the timeout with a transcript', async () => {
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendText('hello?');
    await expect(user.waitFor((m) => m.text === 'never', 150)).rejects.toThrow(/timed out after 150 ms[\s\S]*hello\?/);
  });

  it('when the bot sends, edits, deletes and answers, then sandbox events report each with token and chat', async () => {
    const events: string[] = [];
    const record =
      <E extends keyof SandboxEventMap>(name: E) =>
      (payload: SandboxEventMap[E]) =>
        events.push(`${name}:${payload.token === TELEGRAM_TOKEN}:${payload.chatId}`);
    for (const name of ['message', 'edit', 'delete', 'alert', 'update', 'action'] as const)
      sandbox.on(name, record(name));
    bot.command('go', async (ctx) => {
      await ctx.replyWithChatAction('typing');
      const sent = await ctx.reply('v1', { reply_markup: new InlineKeyboard().text('x', 'x') });
      await ctx.api.editMessageText(ctx.chat.id, sent.message_id, 'v2');
      await ctx.api.deleteMessage(ctx.chat.id, sent.message_id);
      await ctx.reply('done', { reply_markup: new InlineKeyboard().text('y', 'y') });
    });
    bot.callbackQuery('y', (ctx) => ctx.answerCallbackQuery('ok'));
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    user.sendCommand('/go');
    await user.waitFor((m) => m.text === 'done');
    user.press('y');
    await user.waitForAlert();
    const id = user.chatId;
    expect(events).toEqual([
      `update:true:${id}`,
      `action:true:${id}`,
      `message:true:${id}`,
      `edit:true:${id}`,
      `delete:true:${id}`,
      `message:true:${id}`,
      `update:true:${id}`,
      `alert:true:${id}`,
    ]);
    expect(sandbox.listChats(TELEGRAM_TOKEN)).toMatchObject([{ chatId: id, started: true, blocked: false }]);
  });

  it('when a benchmark reads stats, then it sees per-method counts and every delivery per chat in order', async () => {
    bot.on('message:text', async (ctx) => {
      await ctx.reply(`echo ${ctx.message.text}`);
    });
    run();
    const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: 'Sara' });
    for (const text of ['a', 'b', 'c']) {
      user.sendText(text);
      await user.waitFor((m) => m.text === `echo ${text}`);
    }
    const stats = sandbox.stats(TELEGRAM_TOKEN);
    expect(stats.calls.sendMessage).toBe(3);
    const deliveries = stats.deliveries.get(user.chatId) ?? [];
    expect(deliveries.map((d) => d.text)).toEqual(['echo a', 'echo b', 'echo c']);
    expect(deliveries[0]!.at).toBeLessThanOrEqual(deliveries[2]!.at);
  });

  it('when commands are set per language and scope, then getMyCommands returns that exact slot', async () => {
    await bot.api.setMyCommands([{ command: 'start', description: 'شروع' }], { language_code: 'fa' });
    await bot.api.setMyCommands([{ command: 'help', description: 'Help' }], {
      scope: { type: 'all_private_chats' },
    });
    expect(await bot.api.getMyCommands({ language_code: 'fa' })).toEqual([{ command: 'start', description: 'شروع' }]);
    expect(await bot.api.getMyCommands({ scope: { type: 'all_private_chats' } })).toEqual([
      { command: 'help', description: 'Help' },
    ]);
    expect(await bot.api.getMyCommands()).toEqual([]);
    await expect(bot.api.setMyCommands([{ command: 'Bad Command', description: 'x' }])).rejects.toThrow(
      /BOT_COMMAND_INVALID/,
    );
  });
});
