import type { Transformer } from 'grammy';
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
export function budgetedSends(budget: SendBudget): Transformer {
  return async (prev, method, payload, signal) => {
    if (!isCountedSend(method)) return prev(method, payload, signal);
    await budget.direct();
    const response = await prev(method, payload, signal);
    // Nothing else leaves this instance until the platform's pause is over; auto-retry repeats this one after it.
    if (!response.ok && response.error_code === 429) budget.pauseFor((response.parameters?.retry_after ?? 1) * 1000);
    return response;
  };
}
