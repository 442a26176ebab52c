import type { MiddlewareFn, NextFunction } from 'grammy';
import type { HandledMark } from '../../persistence/repositories/session.repository.ts';
import type { BotContext, SessionData } from '../context.ts';

/** How many of a chat's latest update and callback query ids are kept to recognise a redelivered or replayed one. */
const REMEMBERED_IDS = 20;
/**
 * Telegram starts update ids afresh at a random number after a week without updates, so an older mark says nothing
 * about a new id; redeliveries come within a day.
 */
const MARK_TRUSTED_MS = 6 * 24 * 60 * 60_000;

/**
 * The session key: the chat in a private chat; chat and user elsewhere, so members of a group never share one
 * conversation. Undefined for an update without a chat (the pipeline then claims it by update id alone).
 */
export function sessionKey(ctx: BotContext): string | undefined {
  if (!ctx.chat) return undefined;
  const base = `${ctx.platform}:${ctx.chat.id}`;
  return ctx.chat.type === 'private' || !ctx.from ? base : `${base}:${ctx.from.id}`;
}

function alreadyHandled(ctx: BotContext, mark: HandledMark | undefined): boolean {
  if (!mark || mark.botId !== ctx.me.id) return false;
  const callbackQueryId = ctx.callbackQuery?.id;
  if (callbackQueryId !== undefined && mark.callbackQueryIds.includes(callbackQueryId)) return true;
  const updateId = ctx.update.update_id;
  if (mark.updateIds.includes(updateId)) return true;
  // Older than every id remembered: handled long ago (ids grow), unless the ids started afresh since.
  const trusted = ctx.deps.now().getTime() - new Date(mark.at).getTime() < MARK_TRUSTED_MS;
  return trusted && mark.updateIds.length >= REMEMBERED_IDS && updateId < Math.min(...mark.updateIds);
}

const remember = <T>(kept: readonly T[], id: T | undefined): T[] =>
  id === undefined ? [...kept] : [...kept, id].slice(-REMEMBERED_IDS);

function markOf(ctx: BotContext, previous: HandledMark | undefined): HandledMark {
  const same = previous?.botId === ctx.me.id;
  return {
    botId: ctx.me.id,
    updateIds: remember(same ? previous.updateIds : [], ctx.update.update_id),
    callbackQueryIds: remember(same ? previous.callbackQueryIds : [], ctx.callbackQuery?.id),
    at: ctx.deps.now(),
  };
}

async function handleOnce(ctx: BotContext, key: string, next: NextFunction): Promise<void> {
  const sessions = ctx.deps.sessions;
  const stored = await sessions.readChat(key);
  if (alreadyHandled(ctx, stored.handled)) {
    ctx.logger.info({ callback_query_id: ctx.callbackQuery?.id }, 'duplicate update ignored');
    return;
  }
  ctx.session = (stored.value as SessionData | undefined) ?? {};
  const handled = markOf(ctx, stored.handled);
  try {
    await next();
  } catch (error) {
    // The update is not retried here (the error boundary answers it); recorded, so a redelivery is not either.
    await sessions.writeChat(key, stored.value ?? {}, handled).catch(() => {});
    throw error;
  }
  // A session set to null is to be forgotten (the person erased their data): no record of it is kept either.
  if (ctx.session === null) await sessions.delete(key);
  else await sessions.writeChat(key, ctx.session ?? {}, handled);
}

/**
 * Updates arrive at least once; each is applied once. The record of what a chat had handled lives in the chat's
 * session document and is written with the session after the update, in one write: no separate claim per update.
 * This is sound because one chat's updates are handled one at a time (sequentialize in this process, the chat lock
 * across instances): the record read is the latest. It keeps the chat's latest update ids rather than the highest
 * alone, since two instances may take one chat's updates out of order; ids only grow per bot, so one older than
 * all of them is a redelivery too. A callback query id seen before is refused, even in an update with a new id
 * (a replayed button press).
 * An update that dies with the process before its write is handled again on redelivery, from the session as it was:
 * the session never records a step without the update that made it. Updates without a chat fall back to a unique
 * claim per update id.
 */
export function chatSession(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const key = sessionKey(ctx);
    if (key === undefined) {
      if (!(await ctx.deps.processedUpdates.claim(ctx.platform, ctx.me.id, ctx.update.update_id))) {
        ctx.logger.info('duplicate update ignored');
        return;
      }
      ctx.session = {};
      return next();
    }
    const order = ctx.deps.orderChat ?? ((_key, task) => task());
    await order(key, () => handleOnce(ctx, key, next));
  };
}
