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
 * How long a refusal that its chat's last send does not explain is remembered: a second one on another chat within
 * this is the platform's own limit.
 */
const UNEXPLAINED_MEMORY_MS = 10_000;

/**
 * Makes the bot's own sends (replies, boards, confirmations) spend the same share of the platform's limit as the
 * outbox, ahead of it, and keep each chat's limit as the outbox does: a send to a chat written to moments before waits
 * for its turn there (the first messages of a reply go at once). Installed next to the network, so every attempt
 * counts: auto-retry's repeats after a 429, and the new message sent when an edit is refused.
 * Paced per chat: new messages, as the sandbox counts them. Telegram throttles quick edits of one chat in practice
 * too (not in its FAQ); edits are not paced here, as the sandbox does not count them. Callback answers send nothing.
 */
export function budgetedSends(budget: SendBudget, logger: Logger): Transformer {
  let unexplained: { chatId: string | undefined; at: number } | undefined;
  return async (prev, method, payload, signal) => {
    if (!isCountedSend(method)) return prev(method, payload, signal);
    const target = (payload as { chat_id?: unknown }).chat_id;
    const chatId = target === undefined ? undefined : String(target);
    const sinceLastMs = await budget.direct(chatId);
    const response = await prev(method, payload, signal).finally(() => budget.finished(budget.now()));
    if (!response.ok && response.error_code === 429) {
      const retryAfter = response.parameters?.retry_after;
      // The fleet's budget keeps the platform's own limit, so a refusal is most likely the chat's: written to within
      // its interval from here, or from another instance handling the same person (its sends are not seen here).
      // Auto-retry waits it out for this send alone; pausing every send for it held a call-up's cards back by a
      // second after the coordinator's quick replies. Two on different chats within moments: the platform's limit
      // (another client on the same token?), and nothing else leaves this instance until the pause is over.
      const at = budget.now();
      const platformLimit =
        sinceLastMs >= budget.chats.intervalMs &&
        unexplained !== undefined &&
        unexplained.chatId !== chatId &&
        at - unexplained.at < UNEXPLAINED_MEMORY_MS;
      if (sinceLastMs >= budget.chats.intervalMs) unexplained = { chatId, at };
      if (platformLimit) budget.pauseFor((retryAfter ?? 1) * 1000);
      logger.warn({ method, chatId, retryAfter, sinceLastMs, platformLimit }, 'a send hit the rate limit');
    }
    return response;
  };
}
