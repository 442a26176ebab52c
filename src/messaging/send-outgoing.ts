import { type Api, GrammyError } from 'grammy';
import type { Message } from 'grammy/types';
import type { MapPoint, OutgoingMessage } from './outgoing-message.ts';
import { replyMarkupOf } from './reply-markup.ts';

/**
 * A server that lacks a method answers 400 ("method is not supported") or 404: then the pin's words go instead.
 * A blocked chat (403), a rate limit (429) or a server fault is no refusal of the method and is passed on.
 */
const refusesMethod = (error: unknown) =>
  error instanceof GrammyError && (error.error_code === 400 || error.error_code === 404);

/**
 * Sends one `OutgoingMessage` to one chat with a bot's API: a text with its buttons, or a map pin that falls back to
 * its text where the platform refuses pins. The one place that turns the message's shape into Bot API calls.
 */
export async function sendOutgoing(api: Api, chatId: number | string, message: OutgoingMessage): Promise<Message> {
  const reply_markup = replyMarkupOf(message);
  const options = { ...(reply_markup && { reply_markup }), ...(message.silent && { disable_notification: true }) };
  return sendTextOrPin(api, chatId, { text: message.text, location: message.location }, options);
}

/** Options both a text and a pin take (a pin ignores a parse mode). */
type SendOptions = Parameters<Api['sendMessage']>[2] & Parameters<Api['sendLocation']>[3];

/** A text, or a map pin that falls back to the text where the platform refuses pins (the outbox's sends too). */
export async function sendTextOrPin(
  api: Api,
  chatId: number | string,
  message: { text: string; location?: MapPoint | undefined },
  options: SendOptions,
): Promise<Message> {
  if (message.location) {
    try {
      return await api.sendLocation(chatId, message.location.latitude, message.location.longitude, options);
    } catch (error) {
      if (!refusesMethod(error)) throw error;
    }
  }
  return api.sendMessage(chatId, message.text, options);
}
