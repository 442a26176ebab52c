import type { InlineKeyboardMarkup } from 'grammy/types';
import type { BotContext } from './context.ts';

/**
 * Shows a screen: edits the message whose button was pressed when `inPlace`, otherwise sends a new one.
 * An edit the platform refuses falls back to a new message in the API layer (see bale-compat), so flows never break.
 */
export async function replyOrEdit(
  ctx: BotContext,
  text: string,
  keyboard: InlineKeyboardMarkup | undefined,
  inPlace: boolean,
): Promise<void> {
  const message = ctx.callbackQuery?.message;
  if (inPlace && message) {
    await ctx.api.editMessageText(message.chat.id, message.message_id, text, { reply_markup: keyboard });
    return;
  }
  await ctx.reply(text, { reply_markup: keyboard });
}
