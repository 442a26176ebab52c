import type { MiddlewareFn } from 'grammy';
import type { ChatPace, ChatSends } from '../../messaging/budget/chat-pace.ts';
import type { BotContext } from '../context.ts';

/**
 * Carries a chat's pace from one instance to the next in its session, so the bot's replies keep the chat's limit
 * across the fleet: behind a round-robin proxy a person's quick taps land on a different instance each, and each
 * instance paces only the sends it made itself. The session is read before and written after every update anyway,
 * and one chat's updates are handled one at a time across the fleet, so this costs no database call. Times go into
 * the session as wall-clock epoch milliseconds (every instance's monotonic clock starts elsewhere); the real clock,
 * not the app's, which tests freeze.
 */
export function carryChatPace(chatPace: ChatPace): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat?.id;
    if (chat === undefined || !ctx.session) return next();
    const key = String(chat);
    const toEpoch = Date.now() - performance.now();
    const carried = ctx.session.chatPace;
    if (carried) chatPace.adopt(key, shift(carried, -toEpoch), performance.now());
    try {
      await next();
    } finally {
      // A session set to null is being erased: nothing goes back into it.
      if (ctx.session) {
        const state = chatPace.state(key, performance.now());
        if (state) ctx.session.chatPace = shift(state, toEpoch);
        else delete ctx.session.chatPace;
      }
    }
  };
}

const shift = (sends: ChatSends, by: number): ChatSends => ({
  tokens: sends.tokens,
  at: sends.at + by,
  lastAt: sends.lastAt + by,
});
