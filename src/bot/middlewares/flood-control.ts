import type { MiddlewareFn } from 'grammy';
import type { BotContext } from '../context.ts';

export interface FloodControlOptions {
  /** More updates than this within `windowMs` is flooding. */
  maxUpdates: number;
  windowMs: number;
  /** How long a flooding user is ignored after the one notice. */
  muteMs: number;
  /**
   * Milliseconds on a monotonic clock. Not the app's clock: tests freeze that one, and a frozen clock would count a
   * whole test's updates as one burst.
   */
  clock?: () => number;
}

// Generous enough for a person tapping through a form, and for test drivers doing so at machine speed: registration
// alone is some 23 presses and replies since the location and long-missions steps, and the web chat's browser test has
// its volunteer send 31 updates within 10 s (language, registration, a stale button, a call-up answer). A script
// hammering the bot still passes it within a second.
export const DEFAULT_FLOOD_CONTROL: FloodControlOptions = { maxUpdates: 40, windowMs: 10_000, muteMs: 60_000 };

interface Track {
  /** Arrival times within the window, oldest first. */
  hits: number[];
  mutedUntil: number;
}

/**
 * Per-user flood control, right after the sender is known: a user an admin blocked gets nothing at all; someone
 * sending faster than `maxUpdates` per `windowMs` gets one polite notice and is then ignored for `muteMs`. Admins
 * are never limited. The counters live in this process, which is enough to keep one bot responsive.
 */
export function createFloodControl(options: FloodControlOptions = DEFAULT_FLOOD_CONTROL): MiddlewareFn<BotContext> {
  const clock = options.clock ?? (() => performance.now());
  const tracks = new Map<string, Track>();
  let sweepAt = 0;

  const sweep = (now: number) => {
    if (now < sweepAt) return;
    sweepAt = now + options.windowMs + options.muteMs;
    for (const [key, track] of tracks) {
      if (track.mutedUntil <= now && (track.hits.at(-1) ?? 0) <= now - options.windowMs) tracks.delete(key);
    }
  };

  return async (ctx, next) => {
    const key = ctx.user?.key;
    if (!key || ctx.deps.adminIds.includes(key)) return next();
    if (ctx.user?.blockedByAdmin) {
      ctx.logger.info({ user: key }, 'update from a blocked user ignored');
      return;
    }
    const now = clock();
    sweep(now);
    const track = tracks.get(key) ?? { hits: [], mutedUntil: 0 };
    tracks.set(key, track);
    if (track.mutedUntil > now) return;
    track.hits = track.hits.filter((at) => at > now - options.windowMs);
    track.hits.push(now);
    if (track.hits.length <= options.maxUpdates) return next();
    track.mutedUntil = now + options.muteMs;
    track.hits = [];
    ctx.logger.info({ user: key }, 'flooding user muted');
    const notice = ctx.t('admin:flood.notice', { seconds: Math.round(options.muteMs / 1000) });
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: notice, show_alert: true });
    else if (ctx.chat) await ctx.reply(notice);
  };
}
