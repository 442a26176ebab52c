import { type Api, GrammyError, InlineKeyboard } from 'grammy';
import type { Platform } from '../../../domain/platform.ts';
import type { Logger } from '../../../logger.ts';
import type { Notifier } from '../../../services/volunteers/notifier.ts';

/** Errors that mean the chat will not take messages from us again (blocked, deleted account, unknown chat). */
const PERMANENT = /blocked|deactivated|chat not found|user not found|no such group or user/i;

/** Sends scheduled notices through the bot of the recipient's platform, and sorts failures for the caller. */
export function createBotNotifier(
  apis: { get(platform: Platform): { api: Api } | undefined },
  logger: Logger,
): Notifier {
  return {
    async send(to, notice) {
      const api = apis.get(to.platform)?.api;
      if (!api) return 'failed';
      const reply_markup = notice.buttons
        ? InlineKeyboard.from(notice.buttons.map((row) => row.map((b) => InlineKeyboard.text(b.text, b.data))))
        : undefined;
      try {
        await api.sendMessage(to.chatId, notice.text, reply_markup ? { reply_markup } : {});
        return 'sent';
      } catch (error) {
        if (error instanceof GrammyError && (error.error_code === 403 || PERMANENT.test(error.description))) {
          return 'unreachable';
        }
        logger.warn({ err: error, platform: to.platform }, 'could not send a scheduled notice');
        return 'failed';
      }
    },
  };
}
