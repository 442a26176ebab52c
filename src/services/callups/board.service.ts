/**
 * The coordinator's live status message: one message per call-up, edited in place at most once per interval
 * (platforms refuse rapid edits), always once more after the last change.
 */
import { boardData } from '../../domain/callups/callback-data.ts';
import { type CallUp, hasEnded } from '../../domain/callups/callup.ts';
import { boardFigures } from '../../domain/callups/figures.ts';
import { neighborsOf } from '../../domain/reference/provinces.ts';
import { type CallUpContext, campaigns } from './callup-context.ts';
import { boardText, type Tr } from './callup-texts.ts';
import type { ChatButton, ChatMessage } from './ports.ts';

export interface Board {
  /** Something changed: refresh the board soon (at most once per interval). */
  touch(callUpId: string): void;
  /** Posts the board for a new call-up and follows its sending progress. */
  open(callUp: CallUp): Promise<void>;
  /** The board as it is now, for a "refresh" tap. */
  render(callUp: CallUp): Promise<ChatMessage>;
  /** Refreshes now, ignoring the interval (tests, or right after a coordinator's own action). */
  flush(callUpId: string): Promise<void>;
  stop(): void;
}

export function boardButtons(t: Tr, callUp: CallUp, now: Date): ChatButton[][] {
  if (callUp.status === 'cancelled') return [];
  const b = (key: string, action: Parameters<typeof boardData>[1]) => ({
    text: t(key),
    data: boardData(callUp.id, action),
  });
  const rows: ChatButton[][] = [[b('callup:board.buttons.list', 'list'), b('callup:board.buttons.message', 'message')]];
  if (hasEnded(callUp, now)) {
    rows.push([b('callup:board.buttons.attend', 'attend')]);
    return rows;
  }
  if (callUp.extendedAt === null && neighborsOf(callUp.province).length > 0 && callUp.status === 'open') {
    rows.push([b('callup:board.buttons.extend', 'extend')]);
  }
  rows.push([
    b('callup:board.buttons.update', 'update'),
    ...(callUp.status === 'closed' ? [] : [b('callup:board.buttons.close', 'close')]),
    b('callup:board.buttons.cancel', 'cancel'),
  ]);
  rows.push([b('callup:board.buttons.refresh', 'refresh')]);
  return rows;
}

interface Pending {
  lastAt: number;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  dirty: boolean;
}

export function createBoard(ctx: CallUpContext): Board {
  const pending = new Map<string, Pending>();
  const following = new Map<string, () => void>();
  let stopped = false;

  const render = async (callUp: CallUp): Promise<ChatMessage> => {
    const locale = callUp.coordinator.locale;
    const t = ctx.tr(locale);
    const [invitations, progress] = await Promise.all([
      ctx.answers.listByCallUp(callUp.id),
      ctx.outbox.campaignProgress(campaigns.cards(callUp.id)),
    ]);
    const text = boardText(t, locale, callUp, boardFigures(callUp, invitations), {
      sent: progress.counts.sent,
      // Cancelled deliveries (a filled specialty) were never meant to go out: the bar counts what is still due.
      total: Math.max(progress.total - progress.counts.cancelled, progress.counts.sent),
      blocked: progress.counts.blocked,
      failed: progress.counts.failed,
      cancelled: progress.counts.cancelled,
    });
    return { text, buttons: boardButtons(t, callUp, ctx.now()) };
  };

  const refresh = async (callUpId: string) => {
    const callUp = await ctx.callUps.get(callUpId);
    if (!callUp) return;
    const message = await render(callUp);
    const to = callUp.coordinator;
    if (callUp.statusMessageId !== null && (await ctx.chat.edit(to, callUp.statusMessageId, message))) return;
    // No board yet, or the old one cannot be edited (deleted, too old): post a new one and follow that.
    const messageId = await ctx.chat.send(to, message);
    if (messageId !== undefined) await ctx.callUps.update(callUpId, () => ({ statusMessageId: messageId }));
  };

  const run = (callUpId: string, state: Pending) => {
    state.timer = undefined;
    state.dirty = false;
    state.lastAt = performance.now();
    state.running = refresh(callUpId)
      .catch((error: unknown) => ctx.logger.warn({ err: error, callUpId }, 'could not refresh a call-up board'))
      .finally(() => {
        state.running = undefined;
        if (state.dirty && !stopped) touch(callUpId);
      });
  };

  const touch = (callUpId: string) => {
    if (stopped) return;
    let state = pending.get(callUpId);
    if (!state) {
      state = { lastAt: Number.NEGATIVE_INFINITY, timer: undefined, running: undefined, dirty: false };
      pending.set(callUpId, state);
    }
    state.dirty = true;
    if (state.timer || state.running) return;
    const wait = Math.max(0, state.lastAt + ctx.boardIntervalMs - performance.now());
    const current = state;
    state.timer = setTimeout(() => run(callUpId, current), wait);
  };

  const follow = (callUpId: string) => {
    if (following.has(callUpId)) return;
    following.set(
      callUpId,
      ctx.outbox.onProgress(campaigns.cards(callUpId), () => touch(callUpId)),
    );
  };

  return {
    touch(callUpId) {
      follow(callUpId);
      touch(callUpId);
    },
    async open(callUp) {
      follow(callUp.id);
      const state = { lastAt: performance.now(), timer: undefined, running: undefined, dirty: false };
      pending.set(callUp.id, state);
      const messageId = await ctx.chat.send(callUp.coordinator, await render(callUp));
      if (messageId !== undefined) await ctx.callUps.update(callUp.id, () => ({ statusMessageId: messageId }));
    },
    render,
    async flush(callUpId) {
      const state = pending.get(callUpId);
      if (state?.timer) clearTimeout(state.timer);
      if (state) state.timer = undefined;
      await state?.running;
      await refresh(callUpId);
      if (state) state.lastAt = performance.now();
    },
    stop() {
      stopped = true;
      for (const state of pending.values()) if (state.timer) clearTimeout(state.timer);
      for (const unsubscribe of following.values()) unsubscribe();
      following.clear();
    },
  };
}
