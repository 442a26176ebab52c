import type { NextFunction } from 'grammy';
import type { BotContext } from '../context.ts';

/** Records the sender, and gives the context their language: their choice, else the configured default. */
export async function attachUser(ctx: BotContext, next: NextFunction): Promise<void> {
  const from = ctx.from;
  ctx.locale = ctx.deps.defaultLocale;
  if (from && !from.is_bot) {
    const user = await ctx.deps.users.upsertSeen({
      platform: ctx.platform,
      platformUserId: String(from.id),
      chatId: String(ctx.chat?.id ?? from.id),
      firstName: from.first_name,
      lastName: from.last_name,
      username: from.username,
    });
    ctx.user = {
      key: user.key,
      platform: ctx.platform,
      platformUserId: user.platformUserId,
      chatId: user.chatId,
      firstName: user.firstName,
      locale: user.locale,
    };
    ctx.locale = user.locale ?? ctx.deps.defaultLocale;
  }
  const t = ctx.deps.i18n.fixedT(ctx.locale);
  ctx.t = (key, vars) => t(key, vars);
  await next();
}
