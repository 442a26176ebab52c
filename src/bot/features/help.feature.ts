import { Composer } from 'grammy';
import type { BotContext } from '../context.ts';
import type { Feature } from '../feature.ts';

export function createHelpFeature(): Feature {
  const composer = new Composer<BotContext>();
  const showHelp = async (ctx: BotContext) => {
    await ctx.reply(ctx.t('common:help.text'), { reply_markup: await ctx.mainMenu() });
  };
  composer.command('help', showHelp);
  composer.callbackQuery('menu:help', async (ctx) => {
    await ctx.answerCallbackQuery();
    await showHelp(ctx);
  });
  return { name: 'help', composer, commands: ['help'], menu: [{ id: 'help', labelKey: 'common:menu.help' }] };
}
