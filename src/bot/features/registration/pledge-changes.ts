import { Composer, InlineKeyboard } from 'grammy';
import { NOTICE_ACTIONS } from '../../../services/volunteers/notice-actions.ts';
import type { BotContext } from '../../context.ts';
import type { ProfileFeatureDeps } from './profile.feature.ts';
import { attempt, currentVolunteer } from './profile-guards.ts';
import { PROFILE, showProfile } from './profile-view.ts';

/** The pledge's buttons on the card and in reminders: resume, "still valid", withdraw (asked once more). */
export function pledgeChanges({ volunteers, now }: ProfileFeatureDeps): Composer<BotContext> {
  const composer = new Composer<BotContext>();

  composer.callbackQuery(PROFILE.resume, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!ctx.user) return;
    const key = ctx.user.personKey;
    const resumed = await attempt(ctx, () => volunteers.resume(key));
    if (!resumed) return;
    await ctx.reply(ctx.t('pledge:resume.done'));
    await showProfile(ctx, resumed, now());
  });

  composer.callbackQuery(NOTICE_ACTIONS.stillValid, async (ctx) => {
    if (!ctx.user) return;
    const key = ctx.user.personKey;
    await ctx.answerCallbackQuery();
    const confirmed = await attempt(ctx, () => volunteers.confirmPledge(key));
    if (confirmed) await ctx.reply(ctx.t('pledge:checkin.thanks'), { reply_markup: await ctx.mainMenu() });
  });

  composer.callbackQuery(PROFILE.withdraw, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!(await currentVolunteer(ctx, volunteers))) return;
    const keyboard = new InlineKeyboard()
      .text(ctx.t('pledge:withdraw.yes'), PROFILE.withdrawConfirmed)
      .row()
      .text(ctx.t('pledge:keep'), PROFILE.keep);
    await ctx.reply(ctx.t('pledge:withdraw.confirm'), { reply_markup: keyboard });
  });

  composer.callbackQuery(PROFILE.withdrawConfirmed, async (ctx) => {
    await ctx.answerCallbackQuery();
    if (!ctx.user) return;
    const key = ctx.user.personKey;
    const withdrawn = await attempt(ctx, () => volunteers.withdraw(key));
    if (withdrawn) await ctx.reply(ctx.t('pledge:withdraw.done'), { reply_markup: await ctx.mainMenu() });
  });

  return composer;
}
