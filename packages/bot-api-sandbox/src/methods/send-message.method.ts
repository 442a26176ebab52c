import type { ApiMessage } from '../api/api-types.ts';
import { readReplyMarkup } from '../api/reply-markup.ts';
import { toApiMessage } from '../chat/api-message.ts';
import { readMessageText } from '../formatting/formatted-text.ts';
import { applyReplyKeyboard, optionalFields, readReplyTarget, textFields } from './message-options.ts';
import type { MethodCall } from './method-call.ts';

export function sendMessage({ bot, params }: MethodCall): ApiMessage {
  const chatId = params.chatId(bot.profile.descriptions.chatNotFound);
  const text = readMessageText(params, bot.profile, bot.limits.maxTextLength);
  const markup = readReplyMarkup(params, bot.limits.maxCallbackDataBytes);
  const chat = bot.chatFor(chatId, 'write');
  const replyTo = readReplyTarget(params, chat);
  bot.throttle(chat.id);
  const record = chat.add({ fromBot: true, ...textFields(text), ...optionalFields(markup, replyTo) });
  applyReplyKeyboard(chat, markup);
  bot.delivered(chat, record, 'sendMessage');
  return toApiMessage(record, chat, bot.user);
}
