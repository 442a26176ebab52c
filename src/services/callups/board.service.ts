/**
 * The coordinator's live status message: one message per call-up, edited in place at most once per interval
 * (platforms refuse rapid edits), always once more after the last change, and kept moving while cards go out.
 */

import { boardData, callUpExportData, DASHBOARD_MENU_DATA } from '../../domain/callups/callback-data.ts';
import { type CallUp, hasEnded } from '../../domain/callups/callup.ts';
import { boardFigures } from '../../domain/callups/figures.ts';
import { widensToNeighbours } from '../../domain/callups/radius.ts';
import { neighborsOf } from '../../domain/reference/provinces.ts';
import type { Tr } from '../../i18n/index.ts';
import type { CallbackButton, OutgoingMessage } from '../../messaging/outgoing-message.ts';
import { EXPORT_FORMATS } from '../exports/table-files.ts';
import { distanceLines } from '../nearest/distance-texts.ts';
import { type BoardRefreshes, createBoardRefreshes, shownSince } from './board-refresh.ts';
import { type CallUpContext, campaigns, followedSince } from './callup-context.ts';
import { boardText } from './callup-texts.ts';

export interface Board {
  /** Something changed: refresh the board soon (at most once per interval). */
  touch(callUpId: string): void;
  /** Posts the board for a new call-up. */
  open(callUp: CallUp): Promise<void>;
  /** The board as it is now, for a "refresh" tap. */
  render(callUp: CallUp): Promise<OutgoingMessage>;
  /** Refreshes now, ignoring the interval (tests, or right after a coordinator's own action). */
  flush(callUpId: string): Promise<void>;
  /** After a start: follows again the call-ups whose cards are still going out, so their boards keep moving. */
  resume(): Promise<void>;
  /** Stops refreshing, once a render under way has finished and released its lock. */
  stop(): Promise<void>;
}

export function boardButtons(t: Tr, callUp: CallUp, now: Date): CallbackButton[][] {
  // The answers can be taken away as a file at any stage, even after a cancellation.
  const files = EXPORT_FORMATS.map((format) => ({
    text: t(`callup:board.buttons.export_${format}`),
    data: callUpExportData(callUp.id, format),
  }));
  // The live dashboard, from every board: the Mini App on Telegram, a one-time sign-in link elsewhere.
  const dashboard = [{ text: t('dashboard:bot.menu'), data: DASHBOARD_MENU_DATA }];
  if (callUp.status === 'cancelled') return [files, dashboard];
  const b = (key: string, action: Parameters<typeof boardData>[1]) => ({
    text: t(key),
    data: boardData(callUp.id, action),
  });
  const rows: CallbackButton[][] = [
    [b('callup:board.buttons.list', 'list'), b('callup:board.buttons.message', 'message')],
    files,
  ];
  if (hasEnded(callUp, now)) {
    rows.push([b('callup:board.buttons.attend', 'attend')], dashboard);
    return rows;
  }
  const widens = widensToNeighbours(callUp) && neighborsOf(callUp.province).length > 0;
  if (callUp.extendedAt === null && widens && callUp.status === 'open') {
    rows.push([b('callup:board.buttons.extend', 'extend')]);
  }
  rows.push([
    b('callup:board.buttons.update', 'update'),
    ...(callUp.status === 'closed' ? [] : [b('callup:board.buttons.close', 'close')]),
    b('callup:board.buttons.cancel', 'cancel'),
  ]);
  rows.push([b('callup:board.buttons.refresh', 'refresh')], dashboard);
  return rows;
}

/**
 * The board reads everything from the database, so it is right whoever did the sending or the answering: this
 * process, another instance, or this process before a restart. While a call-up's cards are queued or being sent,
 * it is re-read every interval; after that, a change made here refreshes it.
 */
export function createBoard(ctx: CallUpContext): Board {
  /** Each board as this process last showed it, so a poll that finds nothing new edits nothing. */
  const shown = new Map<string, string>();
  /** Work under a board's lock; stop() waits for it, so the lock is released while the database is still there. */
  const underway = new Set<Promise<unknown>>();
  const underLock = <T>(callUpId: string, task: () => Promise<T>): Promise<T> => {
    const work = ctx.renderLock(`board:${callUpId}`, task);
    underway.add(work);
    const forget = () => underway.delete(work);
    work.then(forget, forget);
    return work;
  };
  /** Reads and edits under the render lock, so a render started later also reads later and lands later. */
  const refreshes: BoardRefreshes = createBoardRefreshes(
    ctx.boardIntervalMs,
    (callUpId, changedAt) =>
      underLock(callUpId, () => showBoard(ctx, callUpId, { changedAt, shown, poll: refreshes.poll })),
    ctx.logger,
  );

  return {
    touch(callUpId) {
      refreshes.schedule(callUpId, true);
    },
    async open(callUp) {
      refreshes.restartInterval(callUp.id);
      // Under the render lock and read again: an instance resuming boards may have posted this one meanwhile.
      await underLock(callUp.id, async () => {
        if ((await ctx.callUps.get(callUp.id))?.statusMessageId != null) return;
        const { message } = await boardView(ctx, callUp);
        shown.set(callUp.id, JSON.stringify(message));
        await postBoard(ctx, callUp, message);
      });
    },
    async render(callUp) {
      return (await boardView(ctx, callUp)).message;
    },
    flush: (callUpId) => refreshes.flush(callUpId),
    resume: () => resumeBoards(ctx, refreshes),
    async stop() {
      refreshes.stop();
      await Promise.allSettled(underway);
    },
  };
}

/** The board as the figures in the database are now, and whether cards are still going out. */
async function boardView(ctx: CallUpContext, callUp: CallUp) {
  const locale = callUp.coordinator.locale;
  const t = ctx.tr(locale);
  const [invitations, progress] = await Promise.all([
    ctx.followedInvitations.list(callUp.id),
    ctx.outbox.campaignProgress(campaigns.cards(callUp.id)),
  ]);
  const channels = (await ctx.channelLines?.(callUp, invitations, progress.counts.sent, t)) ?? [];
  const figures = boardText(t, locale, callUp, boardFigures(callUp, invitations), {
    sent: progress.counts.sent,
    // Cancelled deliveries (a filled specialty) were never meant to go out: the bar counts what is still due.
    total: Math.max(progress.total - progress.counts.cancelled, progress.counts.sent),
    blocked: progress.counts.blocked,
    failed: progress.counts.failed,
    cancelled: progress.counts.cancelled,
  });
  const text = [figures, ...distanceLines(t, callUp, invitations), ...channels].join('\n');
  const message: OutgoingMessage = { text, buttons: boardButtons(t, callUp, ctx.now()) };
  return { message, inFlight: progress.counts.queued + progress.counts.sending > 0 };
}

/** Posts a new board to the coordinator and follows that message from now on. */
async function postBoard(ctx: CallUpContext, callUp: CallUp, message: OutgoingMessage) {
  const messageId = await ctx.chat.send(callUp.coordinator, message);
  if (messageId !== undefined) await ctx.callUps.update(callUp.id, () => ({ statusMessageId: messageId }));
}

/**
 * Reads the board again and edits it in place, unless it looks as this process last showed it and nothing changed
 * here (`changedAt`: when this process first changed something since its last render); `poll` learns whether its
 * cards are still going out. A render another instance began reading after that change, or within the last half
 * interval for a poll, shows it already: this one is left out, as each of several instances used to read every
 * invitation and delivery of the call-up every interval.
 */
async function showBoard(
  ctx: CallUpContext,
  callUpId: string,
  {
    changedAt,
    shown,
    poll,
  }: { changedAt: number | undefined; shown: Map<string, string>; poll: BoardRefreshes['poll'] },
) {
  const callUp = await ctx.callUps.get(callUpId);
  if (!callUp) return poll(callUpId, false);
  if (
    callUp.boardShown &&
    shownSince(callUp.boardShown, { changedAt, intervalMs: ctx.boardIntervalMs, now: Date.now() })
  ) {
    return poll(callUpId, callUp.boardShown.inFlight);
  }
  const readFrom = new Date();
  const { message, inFlight } = await boardView(ctx, callUp);
  poll(callUpId, inFlight);
  const text = JSON.stringify(message);
  if (changedAt !== undefined || text !== shown.get(callUpId)) {
    shown.set(callUpId, text);
    const edited =
      callUp.statusMessageId !== null && (await ctx.chat.edit(callUp.coordinator, callUp.statusMessageId, message));
    // No board yet, or the old one cannot be edited (deleted, too old): post a new one and follow that.
    if (!edited) await postBoard(ctx, callUp, message);
  }
  await ctx.callUps.update(callUpId, () => ({ boardShown: { readFrom, inFlight } }));
}

/** After a start: follows again the call-ups whose cards are still going out, so their boards keep moving. */
async function resumeBoards(ctx: CallUpContext, refreshes: BoardRefreshes) {
  const now = ctx.now();
  for (const callUp of await ctx.callUps.listLive(followedSince(now))) {
    if (refreshes.stopped) return;
    if (hasEnded(callUp, now)) continue;
    // A crash between queuing the first wave and posting the board left none: post it now.
    if (callUp.statusMessageId === null) {
      refreshes.schedule(callUp.id, true);
      continue;
    }
    const progress = await ctx.outbox.campaignProgress(campaigns.cards(callUp.id));
    if (progress.counts.queued + progress.counts.sending > 0) refreshes.schedule(callUp.id, false);
  }
}
