import type { NextFunction } from 'grammy';
import type { BotContext } from '../context.ts';

/** Telegram and Bale deliver updates at least once; a unique claim per (platform, update_id) applies each once. */
export async function dedupeUpdates(ctx: BotContext, next: NextFunction): Promise<void> {
  const fresh = await ctx.deps.processedUpdates.claim(ctx.platform, ctx.me.id, ctx.update.update_id);
  if (!fresh) {
    ctx.logger.info('duplicate update ignored');
    return;
  }
  await next();
}
