import { badRequest } from '../api/api-error.ts';
import type { SandboxAlert } from '../chat/sandbox-message.ts';
import type { MethodCall } from './method-call.ts';

const INVALID_QUERY = 'query is too old and response timeout expired or query ID is invalid';

/** Each callback query can be answered once; the answer is recorded for the user who pressed. */
export function answerCallbackQuery({ bot, params }: MethodCall): true {
  const id = params.string('callback_query_id');
  const query = id === undefined ? undefined : bot.callbackQueries.get(id);
  if (id === undefined || !query || query.answered) throw badRequest(INVALID_QUERY);
  const text = params.string('text');
  if (text !== undefined && text.length > bot.limits.maxCallbackAnswerLength) throw badRequest('MESSAGE_TOO_LONG');
  const url = params.string('url');
  const alert: SandboxAlert = {
    callbackQueryId: id,
    ...(text && { text }),
    showAlert: params.bool('show_alert') ?? false,
    ...(url && { url }),
    at: Date.now(),
  };
  query.answered = true;
  bot.chats.get(query.chatId)?.addAlert(alert);
  bot.shared.events.emit('alert', () => ({ token: bot.token, chatId: query.chatId, alert: { ...alert } }));
  return true;
}
