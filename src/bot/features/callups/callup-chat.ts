import { type Api, GrammyError, InlineKeyboard } from 'grammy';
import type { Platform } from '../../../domain/platform.ts';
import type { Logger } from '../../../logger.ts';
import type { CallUpChat, ChatMessage } from '../../../services/callups/ports.ts';

/** A service's buttons as grammY's inline keyboard (none for a message without buttons). */
export const keyboardOf = (message: ChatMessage) =>
  message.buttons && message.buttons.length > 0
    ? InlineKeyboard.from(message.buttons.map((row) => row.map((b) => InlineKeyboard.text(b.text, b.data))))
    : undefined;

/** The call-up services' single messages (the board, personal notices), sent with the recipient platform's bot. */
export function createCallUpChat(
  bots: { get(platform: Platform): { api: Api } | undefined },
  logger: Logger,
): CallUpChat {
  return {
    async send(to, message) {
      const api = bots.get(to.platform)?.api;
      if (!api) return undefined;
      const reply_markup = keyboardOf(message);
      try {
        const sent = await api.sendMessage(to.chatId, message.text, reply_markup ? { reply_markup } : {});
        return sent.message_id;
      } catch (error) {
        logger.warn({ err: error, platform: to.platform }, 'could not send a call-up message');
        return undefined;
      }
    },
    async edit(to, messageId, message) {
      const api = bots.get(to.platform)?.api;
      if (!api) return false;
      try {
        await api.editMessageText(to.chatId, messageId, message.text, {
          reply_markup: keyboardOf(message) ?? { inline_keyboard: [] },
        });
        return true;
      } catch (error) {
        // Nothing changed since the last edit: the board is already right.
        if (error instanceof GrammyError && /not modified/i.test(error.description)) return true;
        logger.debug({ err: error, platform: to.platform }, 'could not edit a call-up message');
        return false;
      }
    },
  };
}
