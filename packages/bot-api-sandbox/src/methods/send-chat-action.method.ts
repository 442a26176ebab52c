import { badRequest } from '../api/api-error.ts';
import type { MethodCall } from './method-call.ts';

const ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

export function sendChatAction({ bot, params }: MethodCall): true {
  const chatId = params.chatId(bot.profile.descriptions.chatNotFound);
  const action = params.string('action') ?? '';
  if (!ACTIONS.has(action)) throw badRequest('wrong parameter action in request');
  const chat = bot.chatFor(chatId, 'write');
  const record = { action, at: Date.now() };
  chat.actions.push(record);
  bot.shared.events.emit('action', () => ({ token: bot.token, chatId, action: { ...record } }));
  return true;
}
