import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { Feature } from '../feature.ts';

/** Must be registered last: nothing a user sends is met with silence. */
export function createUnhandledFeature(): Feature {
  const composer = new Composer<BotContext>();
  composer.on('callback_query', async (ctx) => {
    await ctx.answerCallbackQuery({ text: ctx.t('common:unhandled.stale_button'), show_alert: true });
  });
  composer.on('message', async (ctx) => {
    await ctx.reply(ctx.t('common:unhandled.hint'), { reply_markup: await ctx.mainMenu() });
  });
  return { name: 'unhandled', composer };
}
