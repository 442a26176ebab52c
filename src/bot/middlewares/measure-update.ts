import type { NextFunction } from 'grammy';
import type { BotContext } from '../context.ts';

/** `message`, or `callback:<prefix>` (the callback data up to its first `:`, e.g. `callback:cu` for a card). */
export function updateType(ctx: BotContext): string {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) return `callback:${data.split(':', 1)[0]}`;
  if (ctx.callbackQuery) return 'callback';
  if (ctx.message) return 'message';
  return Object.keys(ctx.update).find((key) => key !== 'update_id') ?? 'unknown';
}

/** Handles the update inside the write counter's scope, so `/metrics` can say how many writes each kind costs. */
export function measureUpdate(ctx: BotContext, next: NextFunction): Promise<void> {
  const measure = ctx.deps.measureUpdate;
  return measure ? measure(updateType(ctx), next) : next();
}
