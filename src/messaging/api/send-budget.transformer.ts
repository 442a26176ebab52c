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
 * outbox, ahead of it, and keep each chat's limit as the outbox does: a send to a chat written to moments before waits
 * for its turn there (the first messages of a reply go at once). Installed next to the network, so every attempt
 * counts: auto-retry's repeats after a 429, and the new message sent when an edit is refused.
 */
export function budgetedSends(budget: SendBudget, logger: Logger): Transformer {
  return async (prev, method, payload, signal) => {
    if (!isCountedSend(method)) return prev(method, payload, signal);
    const chatId = String((payload as { chat_id?: unknown }).chat_id);
    const sinceLastMs = await budget.direct(chatId);
    const response = await prev(method, payload, signal);
    if (!response.ok && response.error_code === 429) {
      const retryAfter = response.parameters?.retry_after;
      // Within an interval of the chat's last message (another instance's reply may have come between): that chat's
      // limit, which auto-retry waits out for this send alone. Pausing every send for it held a call-up's first cards
      // back by a second after the coordinator's quick replies. Otherwise the platform's own limit: nothing else
      // leaves this instance until its pause is over.
      const chatLimit = sinceLastMs < budget.chats.intervalMs;
      if (!chatLimit) budget.pauseFor((retryAfter ?? 1) * 1000);
      // The budget should have prevented a platform-wide one: another client on the same token?
      logger.warn({ method, chatId, retryAfter, chatLimit }, 'a send hit the rate limit');
    }
    return response;
  };
}
