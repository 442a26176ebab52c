import { badRequest } from '../api/api-error.ts';
import type { ApiMessage, InlineKeyboardMarkup, ReplyMarkup } from '../api/api-types.ts';
import type { MethodParams } from '../api/method-params.ts';
import { isInlineMarkup, readInlineMarkup, sameJson } from '../api/reply-markup.ts';
import type { BotState } from '../bot-state.ts';
import { toApiMessage } from '../chat/api-message.ts';
import type { ChatState, MessageChanges, MessageRecord } from '../chat/chat-state.ts';
import { readCaption, readMessageText } from '../formatting/formatted-text.ts';
import type { MethodCall } from './method-call.ts';

const NOT_MODIFIED =
  'message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message';

export function editMessageText({ bot, params }: MethodCall): ApiMessage {
  const text = readMessageText(params, bot.profile, bot.limits.maxTextLength);
  const markup = readInlineMarkup(params, bot.limits.maxCallbackDataBytes);
  const { chat, record } = findEditable(bot, params);
  if (record.text === undefined) throw badRequest('there is no text in the message to edit');
  const changes: MessageChanges = {
    text: text.text,
    entities: text.entities.length > 0 ? text.entities : undefined,
    reply_markup: nextMarkup(record, markup),
  };
  apply(bot, chat, record, changes, ['text', 'entities', 'reply_markup']);
  record.parseMode = text.parseMode;
  if (record.parseMode === undefined) delete record.parseMode;
  return toApiMessage(record, chat, bot.user);
}

export function editMessageCaption({ bot, params }: MethodCall): ApiMessage {
  const caption = readCaption(params, bot.profile, bot.limits.maxCaptionLength);
  const markup = readInlineMarkup(params, bot.limits.maxCallbackDataBytes);
  const { chat, record } = findEditable(bot, params);
  if (!record.document && !record.photo) throw badRequest('there is no caption in the message to edit');
  const changes: MessageChanges = {
    caption: caption?.text,
    caption_entities: caption?.entities.length ? caption.entities : undefined,
    reply_markup: nextMarkup(record, markup),
  };
  apply(bot, chat, record, changes, ['caption', 'caption_entities', 'reply_markup']);
  return toApiMessage(record, chat, bot.user);
}

export function editMessageReplyMarkup({ bot, params }: MethodCall): ApiMessage {
  const markup = readInlineMarkup(params, bot.limits.maxCallbackDataBytes);
  const { chat, record } = findEditable(bot, params);
  apply(bot, chat, record, { reply_markup: nextMarkup(record, markup) }, ['reply_markup']);
  return toApiMessage(record, chat, bot.user);
}

function findEditable(bot: BotState, params: MethodParams): { chat: ChatState; record: MessageRecord } {
  if (params.has('inline_message_id')) throw badRequest('MESSAGE_ID_INVALID');
  const chatId = params.chatId(bot.profile.descriptions.chatNotFound);
  const messageId = params.int('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const chat = bot.chatFor(chatId, 'write');
  const record = chat.get(messageId);
  if (!record || record.deleted) throw badRequest('message to edit not found');
  if (!record.fromBot) throw badRequest("message can't be edited");
  return { chat, record };
}

/** An edit without reply_markup removes the inline keyboard, as on Telegram; a reply keyboard is not the message's. */
function nextMarkup(record: MessageRecord, markup: InlineKeyboardMarkup | undefined): ReplyMarkup | undefined {
  if (markup) return markup;
  return isInlineMarkup(record.reply_markup) ? undefined : record.reply_markup;
}

function apply(
  bot: BotState,
  chat: ChatState,
  record: MessageRecord,
  changes: MessageChanges,
  fields: readonly (keyof MessageChanges)[],
): void {
  const unchanged = fields.every((field) => sameJson(normalize(record[field]), normalize(changes[field])));
  if (unchanged) throw badRequest(NOT_MODIFIED);
  chat.edit(record, changes);
  bot.edited(chat, record);
}

const normalize = (value: unknown): unknown => (Array.isArray(value) && value.length === 0 ? undefined : value);
