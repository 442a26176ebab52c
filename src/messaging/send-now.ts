/**
 * "Send now": one message to one chat outside any update (the coordinator's board, a staff notice, a promotion), with
 * the recipient platform's bot. It lives in messaging rather than in a bot feature because every service uses it and
 * no feature owns it; broadcasts to many people go through the outbox instead (`send-through-outbox.ts`).
 */
import { type Api, GrammyError } from 'grammy';
import type { ChatAddress } from '../domain/callups/callup.ts';
import type { Platform } from '../domain/platform.ts';
import type { Logger } from '../logger.ts';
import { classifySendError } from './outbox/send-failure.ts';
import type { OutgoingMessage } from './outgoing-message.ts';
import { NO_BUTTONS, replyMarkupOf } from './reply-markup.ts';
import { sendOutgoing } from './send-outgoing.ts';

export interface SendNow {
  /** The sent message's id, or undefined when it could not be sent. */
  send(to: ChatAddress, message: OutgoingMessage): Promise<number | undefined>;
  /** False when the edit failed (message gone, or the platform refused). */
  edit(to: ChatAddress, messageId: number, message: OutgoingMessage): Promise<boolean>;
}

/** The bots by platform, looked up at each send: the composition root fills the map after building this. */
export interface BotApis {
  get(platform: Platform): { api: Api } | undefined;
}

export function createSendNow(bots: BotApis, logger: Logger): SendNow {
  return {
    async send(to, message) {
      const api = bots.get(to.platform)?.api;
      if (!api) return undefined;
      try {
        const sent = await sendOutgoing(api, to.chatId, message);
        return sent.message_id;
      } catch (error) {
        // A person who blocked the bot is a fact of life, not a fault to warn about.
        const level = classifySendError(error).kind === 'unreachable' ? 'info' : 'warn';
        logger[level]({ err: error, platform: to.platform }, 'could not send a message');
        return undefined;
      }
    },
    async edit(to, messageId, message) {
      const api = bots.get(to.platform)?.api;
      if (!api) return false;
      try {
        await api.editMessageText(to.chatId, messageId, message.text, {
          reply_markup: replyMarkupOf(message) ?? NO_BUTTONS,
        });
        return true;
      } catch (error) {
        // Nothing changed since the last edit: the message is already right.
        if (error instanceof GrammyError && /not modified/i.test(error.description)) return true;
        logger.debug({ err: error, platform: to.platform }, 'could not edit a message');
        return false;
      }
    },
  };
}
