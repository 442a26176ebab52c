import { badRequest } from '../api/api-error.ts';
import type { ApiMessage } from '../api/api-types.ts';
import { readReplyMarkup } from '../api/reply-markup.ts';
import { toApiMessage } from '../chat/api-message.ts';
import { applyReplyKeyboard, optionalFields, readReplyTarget } from './message-options.ts';
import type { MethodCall } from './method-call.ts';

/** A map pin. Both platforms have it (Bale documents sendLocation); a profile or a fault can still refuse it. */
export function sendLocation({ bot, params }: MethodCall): ApiMessage {
  const chatId = params.chatId(bot.profile.descriptions.chatNotFound);
  const latitude = params.number('latitude');
  const longitude = params.number('longitude');
  if (latitude === undefined || latitude < -90 || latitude > 90) throw badRequest('wrong latitude specified');
  if (longitude === undefined || longitude < -180 || longitude > 180) throw badRequest('wrong longitude specified');
  const markup = readReplyMarkup(params, bot.limits.maxCallbackDataBytes);
  const chat = bot.chatFor(chatId, 'write');
  const replyTo = readReplyTarget(params, chat);
  bot.throttle(chat.id);
  const record = chat.add({ fromBot: true, location: { latitude, longitude }, ...optionalFields(markup, replyTo) });
  applyReplyKeyboard(chat, markup);
  bot.delivered(chat, record, 'sendLocation');
  return toApiMessage(record, chat, bot.user);
}
