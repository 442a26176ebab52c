import type { NextFunction } from 'grammy';
import type { MessageLogEntry } from '../../persistence/repositories/message-log.repository.ts';
import type { BotContext } from '../context.ts';

type Incoming = Pick<MessageLogEntry, 'kind' | 'text' | 'callbackData'>;

function describe(ctx: BotContext): Incoming | undefined {
  const message = ctx.message;
  if (message?.text !== undefined)
    return { kind: message.text.startsWith('/') ? 'command' : 'text', text: message.text };
  if (message?.contact) return { kind: 'contact', text: message.contact.phone_number };
  if (message?.location)
    return { kind: 'location', text: `${message.location.latitude},${message.location.longitude}` };
  if (message) return { kind: 'other' };
  if (ctx.callbackQuery) return { kind: 'callback', callbackData: ctx.callbackQuery.data };
  return undefined;
}

/** Stores each incoming message or button press in the message log. */
export async function logIncoming(ctx: BotContext, next: NextFunction): Promise<void> {
  const incoming = describe(ctx);
  if (incoming && ctx.chat) {
    await ctx.deps.messageLog.record({
      platform: ctx.platform,
      chatId: String(ctx.chat.id),
      direction: 'in',
      ...incoming,
      messageId: ctx.msg?.message_id,
      updateId: ctx.update.update_id,
      at: ctx.deps.now(),
    });
  }
  await next();
}
