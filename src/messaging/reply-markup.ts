import type { InlineKeyboardMarkup } from 'grammy/types';
import type { OutboxMessage } from '../persistence/repositories/delivery.repository.ts';
import type { OutgoingMessage } from './outgoing-message.ts';

/** The message's buttons as the Bot API's inline keyboard; undefined for a message without buttons. */
export function replyMarkupOf(message: OutgoingMessage): InlineKeyboardMarkup | undefined {
  if (!message.buttons?.length) return undefined;
  return {
    inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.text, callback_data: b.data }))),
  };
}

/** What an edit to a message without buttons sends: an edit that leaves `reply_markup` out keeps the old buttons. */
export const NO_BUTTONS: InlineKeyboardMarkup = { inline_keyboard: [] };

/** The message as the outbox stores it until its turn to be sent. */
export function outboxMessageOf(message: OutgoingMessage): OutboxMessage {
  const replyMarkup = replyMarkupOf(message);
  return {
    text: message.text,
    ...(replyMarkup && { replyMarkup: { ...replyMarkup } }),
    ...(message.silent && { disableNotification: true }),
    ...(message.location && { location: { ...message.location } }),
  };
}
