import { badRequest } from '../api/api-error.ts';
import type { BotCommand } from '../api/api-types.ts';
import type { MethodParams } from '../api/method-params.ts';
import type { BotState } from '../bot-state.ts';
import type { MethodCall } from './method-call.ts';

const SCOPES = new Set([
  'default',
  'all_private_chats',
  'all_group_chats',
  'all_chat_administrators',
  'chat',
  'chat_administrators',
  'chat_member',
]);

/** Commands are stored per exact (scope, language_code), and getMyCommands reads that exact slot, as on Telegram. */
export function setMyCommands({ bot, params }: MethodCall): true {
  const commands = readCommands(params);
  const key = slot(bot, params);
  if (commands.length === 0) bot.commands.delete(key);
  else bot.commands.set(key, commands);
  return true;
}

export function getMyCommands({ bot, params }: MethodCall): BotCommand[] {
  return (bot.commands.get(slot(bot, params)) ?? []).map((command) => ({ ...command }));
}

export function deleteMyCommands({ bot, params }: MethodCall): true {
  bot.commands.delete(slot(bot, params));
  return true;
}

function readCommands(params: MethodParams): BotCommand[] {
  const value = params.json('commands', 'commands');
  if (value === undefined) throw badRequest('parameter "commands" is required');
  if (!Array.isArray(value) || value.length > 100) throw badRequest("can't parse commands JSON object");
  return value.map((item: unknown) => {
    const { command, description } = (item ?? {}) as Partial<Record<keyof BotCommand, unknown>>;
    if (typeof command !== 'string' || !/^[a-z0-9_]{1,32}$/.test(command)) throw badRequest('BOT_COMMAND_INVALID');
    if (typeof description !== 'string' || description.trim() === '' || description.length > 256) {
      throw badRequest('BOT_COMMAND_DESCRIPTION_INVALID');
    }
    return { command, description };
  });
}

function slot(bot: BotState, params: MethodParams): string {
  const language = params.string('language_code') ?? '';
  if (language !== '' && !/^[a-z]{2}$/.test(language)) throw badRequest('LANG_CODE_INVALID');
  const scope = params.json('scope', 'bot command scope') ?? { type: 'default' };
  const { type, chat_id: chatId, user_id: userId } = scope as Record<string, unknown>;
  if (typeof type !== 'string' || !SCOPES.has(type)) throw badRequest("can't parse bot command scope JSON object");
  const parts = [type];
  if (type === 'chat' || type === 'chat_administrators' || type === 'chat_member') {
    const id = Number(chatId);
    if (!Number.isSafeInteger(id) || !bot.chats.has(id)) throw badRequest('chat not found');
    parts.push(String(id));
  }
  if (type === 'chat_member') {
    if (!Number.isSafeInteger(Number(userId))) throw badRequest('user not found');
    parts.push(String(userId));
  }
  return `${parts.join(':')}|${language}`;
}
