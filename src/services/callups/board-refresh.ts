/**
 * When a call-up's board is refreshed: at most once per interval (platforms refuse rapid edits), always once more
 * after the last change, and every interval while the call-up's cards are going out.
 */
import type { BoardShown } from '../../domain/callups/callup.ts';
import type { Logger } from '../../logger.ts';
import { readBeganAfter } from './read-after.ts';

export interface BoardRefreshes {
  /** Refreshes at most once per interval; `changed` says this process changed something (else it is a poll). */
  schedule(callUpId: string, changed: boolean): void;
  /** Polls the call-up every interval while its cards are `inFlight`; stops once they are not. */
  poll(callUpId: string, inFlight: boolean): void;
  /** Refreshes now, ignoring the interval, once a refresh already running has ended. */
  flush(callUpId: string): Promise<void>;
  /** The board was just posted: the next refresh waits a full interval. */
  restartInterval(callUpId: string): void;
  readonly stopped: boolean;
  stop(): void;
}

interface Pending {
  lastAt: number;
  timer: NodeJS.Timeout | undefined;
  running: Promise<void> | undefined;
  dirty: boolean;
  /** When this process first changed something not yet shown (wall clock; undefined: only a poll is due). */
  changedAt: number | undefined;
}

const idle = (): Pending => ({
  lastAt: Number.NEGATIVE_INFINITY,
  timer: undefined,
  running: undefined,
  dirty: false,
  changedAt: undefined,
});

/**
 * `refresh` reads and shows one call-up's board, given when this process first changed something it must show
 * (undefined: a poll); a failed one is logged, and the next change tries again.
 */
export function createBoardRefreshes(
  intervalMs: number,
  refresh: (callUpId: string, changedAt: number | undefined) => Promise<void>,
  logger: Logger,
): BoardRefreshes {
  const pending = new Map<string, Pending>();
  let stopped = false;

  const stateOf = (callUpId: string) => {
    const state = pending.get(callUpId) ?? idle();
    pending.set(callUpId, state);
    return state;
  };

  const run = (callUpId: string, state: Pending) => {
    const changedAt = state.changedAt;
    state.timer = undefined;
    state.dirty = false;
    state.changedAt = undefined;
    state.lastAt = performance.now();
    state.running = refresh(callUpId, changedAt)
      .catch((error: unknown) => logger.warn({ err: error, callUpId }, 'could not refresh a call-up board'))
      .finally(() => {
        state.running = undefined;
        if (state.dirty && !stopped) schedule(callUpId, false);
      });
  };

  const schedule = (callUpId: string, changed: boolean) => {
    if (stopped) return;
    const state = stateOf(callUpId);
    state.dirty = true;
    if (changed) state.changedAt ??= Date.now();
    if (state.timer || state.running) return;
    const wait = Math.max(0, state.lastAt + intervalMs - performance.now());
    state.timer = setTimeout(() => run(callUpId, state), wait);
  };

  const sending = createSendingPolls(intervalMs, (callUpId) => schedule(callUpId, false));

  return {
    schedule,
    poll: (callUpId, inFlight) => sending.follow(callUpId, inFlight && !stopped),
    async flush(callUpId) {
      const state = pending.get(callUpId);
      if (state?.timer) clearTimeout(state.timer);
      if (state) state.timer = undefined;
      await state?.running;
      await refresh(callUpId, Date.now());
      if (state) state.lastAt = performance.now();
    },
    restartInterval(callUpId) {
      stateOf(callUpId).lastAt = performance.now();
    },
    get stopped() {
      return stopped;
    },
    stop() {
      stopped = true;
      sending.stop();
      for (const state of pending.values()) if (state.timer) clearTimeout(state.timer);
    },
  };
}

/** Call-ups whose cards are still going out: each is polled every interval, by one timer while there are any. */
function createSendingPolls(intervalMs: number, pollOne: (callUpId: string) => void) {
  const sending = new Set<string>();
  let poller: NodeJS.Timeout | undefined;
  return {
    follow(callUpId: string, inFlight: boolean) {
      if (!inFlight) {
        sending.delete(callUpId);
        if (sending.size === 0) {
          clearInterval(poller);
          poller = undefined;
        }
        return;
      }
      sending.add(callUpId);
      poller ??= setInterval(() => {
        for (const id of sending) pollOne(id);
      }, intervalMs);
    },
    stop() {
      clearInterval(poller);
    },
  };
}

/**
 * Whether `shown`, any instance's latest render, already shows what a refresh here is for: a change made here at
 * `changedAt` (see read-after.ts), or a poll (undefined; a render began within half an interval).
 */
export function shownSince(
  shown: BoardShown,
  { changedAt, intervalMs, now }: { changedAt: number | undefined; intervalMs: number; now: number },
): boolean {
  if (changedAt !== undefined) return readBeganAfter(shown.readFrom, changedAt);
  return shown.readFrom.getTime() > now - intervalMs / 2;
}
