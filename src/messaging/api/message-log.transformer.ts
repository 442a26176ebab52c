import type { Transformer } from 'grammy';
import type { Platform } from '../../domain/platform.ts';
import type { Logger } from '../../logger.ts';
import type { MessageLogRepository } from '../../persistence/repositories/message-log.repository.ts';

const LOGGED_METHODS: Record<string, 'text' | 'edit' | 'document' | 'photo' | 'location'> = {
  sendMessage: 'text',
  editMessageText: 'edit',
  sendDocument: 'document',
  sendPhoto: 'photo',
  sendLocation: 'location',
};

/**
 * Stores every message the bot sends or edits; a failing log write never fails the send. `now` is the app's clock,
 * the one incoming messages are logged with, so a conversation reads in order.
 */
export function logOutgoingMessages(
  platform: Platform,
  messageLog: MessageLogRepository,
  logger: Logger,
  now: () => Date,
): Transformer {
  return async (prev, method, payload, signal) => {
    const response = await prev(method, payload, signal);
    const kind = LOGGED_METHODS[method];
    if (!kind || !response.ok) return response;
    const sent = payload as {
      chat_id?: number | string;
      text?: string;
      caption?: string;
      message_id?: number;
      latitude?: number;
      longitude?: number;
    };
    // A pin is logged as incoming ones are: its coordinates as text.
    const text = kind === 'location' ? `${sent.latitude},${sent.longitude}` : (sent.text ?? sent.caption);
    const result = response.result as { message_id?: number } | true;
    try {
      await messageLog.record({
        platform,
        chatId: String(sent.chat_id),
        direction: 'out',
        kind,
        text,
        messageId: typeof result === 'object' ? result.message_id : sent.message_id,
        at: now(),
      });
    } catch (error) {
      logger.warn({ err: error, method }, 'could not write the message log');
    }
    return response;
  };
}
