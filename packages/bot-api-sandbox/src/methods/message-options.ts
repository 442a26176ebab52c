import { badRequest } from '../api/api-error.ts';
import type { ReplyMarkup } from '../api/api-types.ts';
import type { MethodParams } from '../api/method-params.ts';
import { isReplyKeyboard } from '../api/reply-markup.ts';
import type { ChatState, NewMessage } from '../chat/chat-state.ts';
import type { FormattedText } from '../formatting/formatted-text.ts';

/**
 * The message a send replies to, from reply_parameters or the older reply_to_message_id. A missing target is a 400
 * unless allow_sending_without_reply says to send anyway.
 */
export function readReplyTarget(params: MethodParams, chat: ChatState): number | undefined {
  const parameters = params.json('reply_parameters', 'reply parameters');
  let messageId = params.int('reply_to_message_id');
  let allowWithout = params.bool('allow_sending_without_reply') ?? false;
  if (parameters !== undefined) {
    const value = parameters as { message_id?: unknown; allow_sending_without_reply?: unknown } | null;
    if (typeof value !== 'object' || value === null || !Number.isSafeInteger(value.message_id)) {
      throw badRequest("can't parse reply parameters JSON object");
    }
    messageId = value.message_id as number;
    allowWithout = value.allow_sending_without_reply === true;
  }
  if (messageId === undefined) return undefined;
  const target = chat.get(messageId);
  if (target && !target.deleted) return messageId;
  if (allowWithout) return undefined;
  throw badRequest('message to be replied not found');
}

/** A user's client shows the last reply keyboard until a message removes it. */
export function applyReplyKeyboard(chat: ChatState, markup: ReplyMarkup | undefined): void {
  if (isReplyKeyboard(markup)) chat.replyKeyboard = markup;
  else if (markup && 'remove_keyboard' in markup) chat.replyKeyboard = undefined;
}

/** Optional message fields, leaving out the absent ones so stored messages stay tidy. */
export function optionalFields(
  markup: ReplyMarkup | undefined,
  replyTo: number | undefined,
): Pick<NewMessage, 'reply_markup' | 'reply_to_message_id'> {
  return {
    ...(markup !== undefined && { reply_markup: markup }),
    ...(replyTo !== undefined && { reply_to_message_id: replyTo }),
  };
}

export function textFields(text: FormattedText): Pick<NewMessage, 'text' | 'entities' | 'parseMode'> {
  return {
    text: text.text,
    ...(text.entities.length > 0 && { entities: text.entities }),
    ...(text.parseMode !== undefined && { parseMode: text.parseMode }),
  };
}

export function captionFields(caption: FormattedText | undefined): Pick<NewMessage, 'caption' | 'caption_entities'> {
  if (!caption) return {};
  return {
    caption: caption.text,
    ...(caption.entities.length > 0 && { caption_entities: caption.entities }),
  };
}
