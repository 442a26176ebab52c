import type { NextFunction } from 'grammy';
import type { BotContext } from '../context.ts';
import { deepLink } from '../deep-link.ts';

const isPrivate = (ctx: BotContext) => ctx.chat === undefined || ctx.chat.type === 'private';

function isStart(ctx: BotContext): boolean {
  const command = /^\/start(?:@(\w+))?(?:\s|$)/.exec(ctx.message?.text ?? '');
  return command !== null && (command[1] === undefined || command[1] === ctx.me.username);
}

/**
 * Nazr's conversations are private (registration, call-up answers, staff panels): members of a group must never
 * share one, nor have the group's id taken for their own chat. Outside private chats only `/start` goes on (to
 * `answerGroupStart`); the rest is dropped here, before anything is read, logged or written.
 */
export async function ignoreGroupChatter(ctx: BotContext, next: NextFunction): Promise<void> {
  if (isPrivate(ctx) || isStart(ctx)) return next();
}

/** `/start` in a group: once per member, a short line with a link to the private chat; nothing else runs. */
export async function answerGroupStart(ctx: BotContext, next: NextFunction): Promise<void> {
  if (isPrivate(ctx)) return next();
  // The session here is the member's own in this group (sessions outside private chats are per chat and user).
  if (ctx.session.groupStartAnswered) return;
  ctx.session.groupStartAnswered = true;
  await ctx.reply(ctx.t('common:group.private_only', { link: deepLink(ctx.platform, ctx.me.username) }), {
    reply_parameters: ctx.msg ? { message_id: ctx.msg.message_id, allow_sending_without_reply: true } : undefined,
  });
}
