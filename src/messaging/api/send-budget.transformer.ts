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

/** A platform's per-chat limit: about a message a second in one chat (Telegram's FAQ; the sandbox enforces it). */
const CHAT_INTERVAL_MS = 1000;

/**
 * Makes the bot's own sends (replies, boards, confirmations) spend the same share of the platform's limit as the
 * outbox, ahead of it. Installed next to the network, so every attempt counts: auto-retry's repeats after a 429, and
 * the new message sent when an edit is refused. `now`: a monotonic clock in ms.
 */
export function budgetedSends(
  budget: SendBudget,
  logger: Logger,
  now: () => number = () => performance.now(),
): Transformer {
  // When each chat was last sent to, for the last second: a 429 there is most likely that chat's own limit.
  const lastSent = new Map<string, number>();
  return async (prev, method, payload, signal) => {
    if (!isCountedSend(method)) return prev(method, payload, signal);
    await budget.direct();
    const chatId = String((payload as { chat_id?: unknown }).chat_id);
    const previous = lastSent.get(chatId);
    const at = now();
    forgetOlderThan(lastSent, at - CHAT_INTERVAL_MS);
    lastSent.delete(chatId);
    lastSent.set(chatId, at);
    const response = await prev(method, payload, signal);
    if (!response.ok && response.error_code === 429) {
      const retryAfter = response.parameters?.retry_after;
      // Within a second of the chat's last message: that chat's limit, which auto-retry waits out for this send
      // alone. Pausing every send for it held a call-up's first cards back by a second after the coordinator's
      // quick replies. Otherwise the platform's own limit: nothing else leaves this instance until its pause is over.
      const chatLimit = previous !== undefined && at - previous < CHAT_INTERVAL_MS;
      if (!chatLimit) budget.pauseFor((retryAfter ?? 1) * 1000);
      // The budget should have prevented a platform-wide one: another client on the same token?
      logger.warn({ method, chatId, retryAfter, chatLimit }, 'a send hit the rate limit');
    }
    return response;
  };
}

function forgetOlderThan(lastSent: Map<string, number>, before: number): void {
  // Insertion order is send order (each send re-inserts its chat), so the oldest come first.
  for (const [chatId, at] of lastSent) {
    if (at >= before) return;
    lastSent.delete(chatId);
  }
}
