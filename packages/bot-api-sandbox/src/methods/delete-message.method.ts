import { badRequest } from '../api/api-error.ts';
import type { MethodCall } from './method-call.ts';

/** Deletes a bot message or, as bots may in private chats, a user's message. */
export function deleteMessage({ bot, params }: MethodCall): true {
  const chatId = params.chatId(bot.profile.descriptions.chatNotFound);
  const messageId = params.int('message_id');
  if (messageId === undefined) throw badRequest('message identifier is not specified');
  const chat = bot.chatFor(chatId, 'delete');
  const record = chat.get(messageId);
  if (!record || record.deleted) throw badRequest('message to delete not found');
  chat.delete(record);
  bot.shared.events.emit('delete', () => ({ token: bot.token, chatId: chat.id, messageId }));
  return true;
}
