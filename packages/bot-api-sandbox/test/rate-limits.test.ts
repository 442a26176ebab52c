import { type Bot, GrammyError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import type { Sandbox, SandboxOptions } from '../src/index.ts';
import { grammyBot, startTwoBotSandbox, TELEGRAM_TOKEN } from './sandbox-helpers.ts';

async function rejection(call: Promise<unknown>): Promise<GrammyError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof GrammyError)) throw new Error(`expected a GrammyError, got ${String(error)}`);
  return error;
}

describe('sandbox rate limits', () => {
  let sandbox: Sandbox;
  let bot: Bot;
  afterEach(async () => {
    await sandbox.close();
  });

  async function setup(options: SandboxOptions, users = 1): Promise<number[]> {
    sandbox = await startTwoBotSandbox(options);
    bot = await grammyBot(sandbox);
    return Array.from({ length: users }, (_, i) => {
      const user = sandbox.user({ token: TELEGRAM_TOKEN, firstName: `User ${i}` });
      user.sendText('hi');
      return user.chatId;
    });
  }

  it('when a chat gets more than its burst at once, then 429 comes with retry_after and later sends pass', async () => {
    const [chatId = 0] = await setup({ limits: { perChatPerSecond: 1, perChatBurst: 2 } });
    await bot.api.sendMessage(chatId, 'one');
    await bot.api.sendMessage(chatId, 'two');
    const error = await rejection(bot.api.sendMessage(chatId, 'three'));
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBe(1);
    expect(error.description).toBe('Too Many Requests: retry after 1');

    await new Promise((resolve) => setTimeout(resolve, 1000 * (error.parameters.retry_after ?? 1)));
    await expect(bot.api.sendMessage(chatId, 'three again')).resolves.toMatchObject({ text: 'three again' });
    expect(sandbox.stats(TELEGRAM_TOKEN).tooManyRequests).toBe(1);
  });

  it('when the per-chat rate is 1/s and a bot sends 5 messages at once, then only the burst is delivered', async () => {
    const [chatId = 0] = await setup({ limits: { perChatPerSecond: 1, perChatBurst: 3 } });
    const results = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => bot.api.sendMessage(chatId, `n${n}`)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    expect(sandbox.stats(TELEGRAM_TOKEN).deliveries.get(chatId)).toHaveLength(3);
  });

  it('when a bot exceeds the global rate across chats, then the next chat gets 429 too', async () => {
    const chats = await setup({ limits: { globalPerSecond: 3, perChatBurst: 10 } }, 4);
    for (const chatId of chats.slice(0, 3)) await bot.api.sendMessage(chatId, 'broadcast');
    const error = await rejection(bot.api.sendMessage(chats[3] ?? 0, 'broadcast'));
    expect(error.error_code).toBe(429);
    expect(error.parameters.retry_after).toBeGreaterThanOrEqual(1);
  });

  it('when the global cap is raised for a benchmark, then many chats can be served at once', async () => {
    const chats = await setup({ limits: { globalPerSecond: 1000 } }, 200);
    const results = await Promise.allSettled(chats.map((chatId) => bot.api.sendMessage(chatId, 'fast')));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const deliveries = sandbox.stats(TELEGRAM_TOKEN).deliveries;
    expect([...deliveries.values()].flat()).toHaveLength(200);
  });

  it('when a 429 is refused, then it does not use up a slot', async () => {
    const [chatId = 0] = await setup({ limits: { perChatPerSecond: 2, perChatBurst: 1 } });
    await bot.api.sendMessage(chatId, 'first');
    for (let i = 0; i < 5; i++) await rejection(bot.api.sendMessage(chatId, 'refused'));
    await new Promise((resolve) => setTimeout(resolve, 550));
    await expect(bot.api.sendMessage(chatId, 'second')).resolves.toBeDefined();
  });
});
