import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { Feature } from '../feature.ts';

/** `/cancel` leaves any flow from anywhere; it runs before the flows so it always wins. */
export function createCancelFeature(): Feature {
  const composer = new Composer<BotContext>();
  composer.command('cancel', async (ctx) => {
    if (await ctx.flow.cancel()) {
      await ctx.reply(ctx.t('common:menu.title'), { reply_markup: await ctx.mainMenu() });
      return;
    }
    await ctx.reply(ctx.t('common:cancel.nothing'), { reply_markup: await ctx.mainMenu() });
  });
  return { name: 'cancel', composer, commands: ['cancel'] };
}
