import type { ApiMessage, ApiUser } from '../api/api-types.ts';
import { isInlineMarkup } from '../api/reply-markup.ts';
import type { ChatState, MessageRecord } from './chat-state.ts';
import type { SandboxFile } from './sandbox-message.ts';

/**
 * The Bot API view of a stored message. As on Telegram, only an inline keyboard appears in `reply_markup`,
 * and a replied-to message is included one level deep.
 */
export function toApiMessage(record: MessageRecord, chat: ChatState, bot: ApiUser, withReply = true): ApiMessage {
  const message: ApiMessage = {
    message_id: record.message_id,
    from: record.fromBot ? bot : chat.user,
    chat: chat.chat,
    date: record.date,
  };
  if (record.edit_date !== undefined) message.edit_date = record.edit_date;
  const replied = record.reply_to_message_id === undefined ? undefined : chat.get(record.reply_to_message_id);
  if (withReply && replied && !replied.deleted) message.reply_to_message = toApiMessage(replied, chat, bot, false);
  if (record.text !== undefined) message.text = record.text;
  if (record.entities?.length) message.entities = record.entities.map((e) => ({ ...e }));
  if (record.caption !== undefined) message.caption = record.caption;
  if (record.caption_entities?.length) message.caption_entities = record.caption_entities.map((e) => ({ ...e }));
  if (record.document) message.document = apiDocument(record.document);
  if (record.photo) message.photo = [apiPhoto(record.photo)];
  if (record.contact) message.contact = { ...record.contact };
  if (record.location) message.location = { ...record.location };
  if (isInlineMarkup(record.reply_markup)) message.reply_markup = structuredClone(record.reply_markup);
  return message;
}

function apiDocument(file: SandboxFile): NonNullable<ApiMessage['document']> {
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    ...(file.file_name !== undefined && { file_name: file.file_name }),
    ...(file.mime_type !== undefined && { mime_type: file.mime_type }),
    file_size: file.file_size,
  };
}

function apiPhoto(file: SandboxFile): NonNullable<ApiMessage['photo']>[number] {
  return {
    file_id: file.file_id,
    file_unique_id: file.file_unique_id,
    width: file.width ?? 0,
    height: file.height ?? 0,
    file_size: file.file_size,
  };
}
