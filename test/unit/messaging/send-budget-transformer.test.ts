import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { budgetedSends, isCountedSend } from '../../../src/messaging/api/send-budget.transformer.ts';
import type { BudgetClock } from '../../../src/messaging/budget/send-budget.ts';
import { SendBudget } from '../../../src/messaging/budget/send-budget.ts';
import { manualClock, pass } from '../../support/manual-budget-clock.ts';

const stoppedClock: BudgetClock = { now: () => 0, schedule: () => () => undefined };
const logger = pino({ level: 'silent' });
type Prev = Parameters<ReturnType<typeof budgetedSends>>[0];

describe('the send budget transformer', () => {
  it('when a method is a new message, a copy or a forward, then it counts; edits, callback answers and chat actions do not', () => {
    for (const method of [
      'sendMessage',
      'sendPhoto',
      'sendDocument',
      'sendMediaGroup',
      'copyMessage',
      'forwardMessage',
    ]) {
      expect(isCountedSend(method)).toBe(true);
    }
    for (const method of [
      'editMessageText',
      'editMessageReplyMarkup',
      'answerCallbackQuery',
      'sendChatAction',
      'getMe',
    ]) {
      expect(isCountedSend(method)).toBe(false);
    }
  });

  it('when the instance has no share, then a send waits for one and an edit goes at once', async () => {
    const budget = new SendBudget(stoppedClock);
    const called: string[] = [];
    const prev = (async (method: string) => {
      called.push(method);
      return { ok: true, result: true };
    }) as unknown as Prev;
    const transformer = budgetedSends(budget, logger);
    const send = transformer(prev, 'sendMessage', { chat_id: 1, text: 'hi' } as never);
    await transformer(prev, 'editMessageText', { chat_id: 1, message_id: 2, text: 'hi' } as never);
    expect(called).toEqual(['editMessageText']);
    budget.setSlots(1);
    await send;
    expect(called).toEqual(['editMessageText', 'sendMessage']);
  });

  it('when the bot replies to one chat faster than its limit, then past a short burst the replies are spaced a second apart', async () => {
    const clock = manualClock();
    const budget = new SendBudget(clock, { perSecond: 1, burst: 3 });
    budget.setSlots(30);
    const sentAt: number[] = [];
    const prev = (async () => {
      sentAt.push(clock.now());
      return { ok: true, result: true };
    }) as unknown as Prev;
    const transformer = budgetedSends(budget, logger);
    const replies = Array.from({ length: 5 }, (_, i) =>
      transformer(prev, 'sendMessage', { chat_id: 7, text: `step ${i}` } as never),
    );
    // Edits and callback answers are no messages: they never wait for the chat.
    await transformer(prev, 'answerCallbackQuery', { callback_query_id: '1' } as never);
    await pass(clock, 3000);
    await Promise.all(replies);
    expect(sentAt[0]).toBe(0);
    expect(sentAt).toHaveLength(6);
    const messages = sentAt.slice(1);
    expect(messages[2]! - messages[0]!).toBeLessThan(200);
    expect(messages[3]! - messages[0]!).toBeGreaterThanOrEqual(1000);
    expect(messages[4]! - messages[3]!).toBeGreaterThanOrEqual(1000);
  });

  it('when two chats not written to lately both answer 429 within moments, then every send of the instance waits retry_after', async () => {
    let clock = 0;
    const budget = new SendBudget({ now: () => clock, schedule: () => () => undefined });
    budget.setSlots(30);
    const prev = (async () => rateLimited(7)) as unknown as Prev;
    const transformer = budgetedSends(budget, logger);
    const response = await transformer(prev, 'sendMessage', { chat_id: 1, text: 'hi' } as never);
    expect(response.ok).toBe(false);
    clock = 100;
    expect(budget.bulkWaitMs(clock)).toBe(0);
    await transformer(prev, 'sendMessage', { chat_id: 2, text: 'hi' } as never);
    expect(budget.bulkWaitMs(clock)).toBe(7000);
  });

  it('when a chat written to less than a second before answers 429, then only that send waits and the others go on', async () => {
    let clock = 0;
    const budget = new SendBudget({ now: () => clock, schedule: () => () => undefined });
    budget.setSlots(30);
    const answers = [{ ok: true, result: true }, rateLimited(1)];
    const prev = (async () => answers.shift()) as unknown as Prev;
    const transformer = budgetedSends(budget, logger);
    await transformer(prev, 'sendMessage', { chat_id: 5, text: 'preview' } as never);
    clock = 400;
    const response = await transformer(prev, 'sendMessage', { chat_id: 5, text: 'board' } as never);
    expect(response.ok).toBe(false);
    expect(budget.bulkWaitMs(clock + 100)).toBe(0);
  });

  it('when one chat not written to lately answers 429, again and again, then only its sends wait and the others go on', async () => {
    let clock = 0;
    const budget = new SendBudget({ now: () => clock, schedule: () => () => undefined });
    budget.setSlots(30);
    // Another instance handling this person wrote to the chat: this one could not see it.
    const answers = [{ ok: true, result: true }, rateLimited(2), rateLimited(2)];
    const prev = (async () => answers.shift()) as unknown as Prev;
    const transformer = budgetedSends(budget, logger);
    await transformer(prev, 'sendMessage', { chat_id: 5, text: 'first' } as never);
    clock = 1500;
    await transformer(prev, 'sendMessage', { chat_id: 5, text: 'second' } as never);
    clock = 3000;
    await transformer(prev, 'sendMessage', { chat_id: 5, text: 'third' } as never);
    expect(budget.bulkWaitMs(clock + 100)).toBe(0);
  });
});

function rateLimited(retryAfter: number) {
  return {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter}`,
    parameters: { retry_after: retryAfter },
  };
}
