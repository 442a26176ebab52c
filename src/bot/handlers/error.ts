import type { BotError } from 'grammy';
import type { BotContext } from '../context.ts';

/** A failing handler never stops the bot: log it with the update id and apologise in the user's language. */
export async function handleError(error: BotError<BotContext>): Promise<void> {
  const ctx = error.ctx;
  ctx.logger.error({ err: error.error, update_id: ctx.update.update_id }, 'update handler failed');
  try {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    if (ctx.chat) await ctx.reply(ctx.t('common:errors.apology'));
  } catch (replyError) {
    ctx.logger.warn({ err: replyError, update_id: ctx.update.update_id }, 'could not send the apology');
  }
}
