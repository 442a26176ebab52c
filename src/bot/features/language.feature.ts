import { Composer, InlineKeyboard } from 'grammy';
import { LOCALES } from '../../i18n/index.ts';
import type { BotContext } from '../context.ts';
import type { Feature } from '../feature.ts';

const LANGUAGE_DATA = new RegExp(`^lang:(${LOCALES.join('|')})$`);

export function createLanguageFeature(): Feature {
  const composer = new Composer<BotContext>();

  const askLanguage = async (ctx: BotContext) => {
    const keyboard = new InlineKeyboard();
    for (const locale of LOCALES) keyboard.text(ctx.t(`common:language.name_${locale}`), `lang:${locale}`);
    await ctx.reply(ctx.t('common:language.choose'), { reply_markup: keyboard });
  };

  composer.command('language', askLanguage);
  composer.callbackQuery('menu:language', async (ctx) => {
    await ctx.answerCallbackQuery();
    await askLanguage(ctx);
  });

  composer.callbackQuery(LANGUAGE_DATA, async (ctx) => {
    const locale = ctx.match[1] === 'en' ? 'en' : 'fa';
    if (!ctx.user) return;
    await ctx.deps.users.setLocale(ctx.user.key, locale);
    ctx.locale = locale;
    const t = ctx.deps.i18n.fixedT(locale);
    ctx.t = (key, vars) => t(key, vars);
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t('common:language.saved'), { reply_markup: await ctx.mainMenu() });
  });

  return {
    name: 'language',
    composer,
    commands: ['language'],
    menu: [{ id: 'language', labelKey: 'common:menu.language' }],
  };
}
