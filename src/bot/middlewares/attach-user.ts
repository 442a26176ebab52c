import type { NextFunction } from 'grammy';
import type { BotContext } from '../context.ts';

/**
 * Records the sender (ids only: their profile name stays in the update, for a coordinator request to take), and
 * gives the context their language: their choice, else the configured default.
 */
export async function attachUser(ctx: BotContext, next: NextFunction): Promise<void> {
  const from = ctx.from;
  ctx.locale = ctx.deps.defaultLocale;
  if (from && !from.is_bot) {
    const user = await ctx.deps.users.upsertSeen({
      platform: ctx.platform,
      platformUserId: String(from.id),
      chatId: String(ctx.chat?.id ?? from.id),
    });
    ctx.user = {
      key: user.key,
      personKey: user.personKey ?? user.key,
      platform: ctx.platform,
      platformUserId: user.platformUserId,
      chatId: user.chatId,
      firstName: from.first_name,
      locale: user.locale,
      blockedByAdmin: user.blockedByAdmin,
    };
    ctx.locale = user.locale ?? ctx.deps.defaultLocale;
    // Only for those marked: the record is read here anyway, so everybody else costs nothing more.
    if (user.blockedBot) await ctx.deps.userReturned?.(user.key);
  }
  const t = ctx.deps.i18n.fixedT(ctx.locale);
  ctx.t = (key, vars) => t(key, vars);
  await next();
}
