import type { Transformer } from 'grammy';
import type { Logger } from '../../logger.ts';
import type { SendBudget } from '../budget/send-budget.ts';

/**
 * The calls a platform counts against a bot's message limit: every new message (sendMessage, sendPhoto, … but not
 * sendChatAction), copies and forwards. Edits and callback answers are not messages (Telegram's FAQ; the sandbox
 * counts the same).
 */
export const isCountedSend = (method: string): boolean =>
  (method.startsWith('send') && method !== 'sendChatAction') || method === 'copyMessage' || method === 'forwardMessage';

/**
 * Makes the bot's own sends (replies, boards, confirmations) spend the same share of the platform's limit as the
 * outbox, ahead of it. Installed next to the network, so every attempt counts: auto-retry's repeats after a 429, and
 * the new message sent when an edit is refused.
 */
export function budgetedSends(budget: SendBudget, logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    if (!isCountedSend(method)) return prev(method, payload, signal);
    await budget.direct();
    const response = await prev(method, payload, signal);
    if (!response.ok && response.error_code === 429) {
      // Nothing else leaves this instance until the platform's pause is over; auto-retry repeats this one after it.
      const retryAfter = response.parameters?.retry_after;
      budget.pauseFor((retryAfter ?? 1) * 1000);
      // The budget should have prevented it: a per-chat limit, or another client on the same token.
      logger.warn(
        { method, chatId: (payload as { chat_id?: unknown }).chat_id, retryAfter },
        'a send hit the rate limit',
      );
    }
    return response;
  };
}
