import { answerCallbackQuery } from './answer-callback-query.method.ts';
import { deleteMyCommands, getMyCommands, setMyCommands } from './commands.methods.ts';
import { deleteMessage } from './delete-message.method.ts';
import { editMessageCaption, editMessageReplyMarkup, editMessageText } from './edit-message.methods.ts';
import { getFile } from './get-file.method.ts';
import { getMe } from './get-me.method.ts';
import { getUpdates } from './get-updates.method.ts';
import type { MethodHandler } from './method-call.ts';
import { sendChatAction } from './send-chat-action.method.ts';
import { sendDocument, sendPhoto } from './send-file.methods.ts';
import { sendLocation } from './send-location.method.ts';
import { sendMessage } from './send-message.method.ts';
import { deleteWebhook, getWebhookInfo, setWebhook } from './webhook.methods.ts';

const METHODS: Readonly<Record<string, MethodHandler>> = {
  getMe,
  getUpdates,
  setWebhook,
  deleteWebhook,
  getWebhookInfo,
  sendMessage,
  sendDocument,
  sendPhoto,
  sendLocation,
  editMessageText,
  editMessageCaption,
  editMessageReplyMarkup,
  deleteMessage,
  answerCallbackQuery,
  sendChatAction,
  setMyCommands,
  getMyCommands,
  deleteMyCommands,
  getFile,
};

const BY_LOWER_NAME = new Map(
  Object.entries(METHODS).map(([name, handler]) => [name.toLowerCase(), { name, handler }]),
);

/** Bot API method names are case-insensitive; the canonical name is what stats count. */
export function findMethod(name: string): { name: string; handler: MethodHandler } | undefined {
  return BY_LOWER_NAME.get(name.toLowerCase());
}
