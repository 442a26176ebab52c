import { Composer, InlineKeyboard } from 'grammy';
import { DASHBOARD_MENU_DATA } from '../../../domain/callups/callback-data.ts';
import type { Authorization } from '../../../services/roles/authorization.ts';
import type { BotContext } from '../../context.ts';
import type { Feature } from '../../feature.ts';
import { attemptOf, isStaffCtx, refuse } from '../../filters/staff.filter.ts';

export interface DashboardAccess {
  /** A one-time sign-in link's token for a staff member; undefined for anyone else (the refusal is audited). */
  issueLink(userKey: string): Promise<string | undefined>;
  /** The dashboard page's address, ending in `/`. */
  url(): string;
}

/**
 * `/dashboard` and the staff menu's entry: on Telegram over https, a button that opens the dashboard as a Mini App
 * (signed in by its initData); elsewhere (Bale signs mini-app data in a way not confirmed yet) a one-time sign-in
 * link. The token travels after `#`, which browsers and link previews never send to a server.
 */
export function createDashboardFeature(access: DashboardAccess, authorization: Authorization): Feature {
  const composer = new Composer<BotContext>();
  const open = async (ctx: BotContext) => {
    if (!ctx.user || !(await isStaffCtx(ctx, authorization))) {
      await authorization.logRefusal(ctx.user?.key ?? 'unknown', attemptOf(ctx, 'dashboard'), 'forbidden');
      await refuse(ctx);
      return;
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery();
    const url = access.url();
    if (ctx.user.platform === 'telegram' && url.startsWith('https:')) {
      await ctx.reply(ctx.t('dashboard:bot.open'), {
        reply_markup: new InlineKeyboard().webApp(ctx.t('dashboard:bot.open_button'), url),
      });
      return;
    }
    // Issued only now: a role removed since the check above is refused there, and audited.
    const token = await access.issueLink(ctx.user.key);
    if (!token) return;
    await ctx.reply(ctx.t('dashboard:bot.link', { link: `${url}#signin=${token}` }), {
      link_preview_options: { is_disabled: true },
    });
  };
  composer.command('dashboard', open);
  composer.callbackQuery(DASHBOARD_MENU_DATA, open);
  return {
    name: 'dashboard',
    composer,
    menu: [{ id: 'dashboard', labelKey: 'dashboard:bot.menu', visible: (ctx) => isStaffCtx(ctx, authorization) }],
  };
}
