import type { ChatPace } from '../budget/chat-pace.ts';
import type { SendBudget } from '../budget/send-budget.ts';
import { type BackoffOptions, backoffMs } from './backoff.ts';

export interface PaceOptions {
  /** The platform's global rate: this lane sends alone on the platform while it is the platform's sender. */
  messagesPerSecond: number;
  /** This instance's share of that rate, which its direct sends spend first (see FleetBudget), and each chat's pace. */
  budget: SendBudget;
  concurrency: number;
  backoff: BackoffOptions;
}

/** What stopped the lane's dispatch, which says when to wake it next. */
export type StopReason = 'full' | 'paused' | 'pace' | 'chats' | 'empty';

export const monotonic = () => performance.now();

/**
 * Sends in flight at most by default: 8, or one per 10 msg/s of a raised limit. At 1,000/s one per 25 (40 in flight)
 * kept the pace only while a call took under 40 ms; on a busy machine calls took 50-200 ms and the lane waited on
 * full slots at 200-400 msg/s. The unrecorded cap still bounds what a crash may resend.
 */
export function defaultConcurrency(messagesPerSecond: number): number {
  return Math.max(8, Math.ceil(messagesPerSecond / 10));
}

// A 429 without retry_after (Bale) pauses 1 s, 2 s, 4 s… up to 30 s.
const BARE_RATE_LIMIT_BACKOFF: BackoffOptions = { baseMs: 1000, maxMs: 30_000 };

/**
 * How fast one lane sends: the platform's pace and each chat's, the pauses after rate limits and runs of failures,
 * and from the pace how many sends may be in flight and how many deliveries claimed ahead.
 */
export class LanePace {
  readonly #options: PaceOptions;
  readonly #budget: SendBudget;
  /** Shared with the direct sends, so a card never follows a reply to the same chat within its interval. */
  readonly #chats: ChatPace;
  /** Recent time per send call (moving average), which sets how many may be in flight. */
  #latencyMs = 100;
  #pausedUntil = 0;
  #rateLimitStreak = 0;
  #temporaryStreak = 0;

  constructor(options: PaceOptions) {
    this.#options = options;
    this.#budget = options.budget;
    this.#chats = options.budget.chats;
  }

  get #rate(): number {
    return this.#options.messagesPerSecond;
  }

  /**
   * Claimed at a time: about 3 s of work, enough to hide a scan, little enough that a new urgent campaign waits only
   * seconds and that a crash strands few claims.
   */
  get chunk(): number {
    return Math.min(2000, Math.max(5, Math.ceil(this.#rate * 3)));
  }

  /**
   * Sends in flight: enough to keep the pace when each call takes `latency` (a far server needs several at 30/s, a
   * near one one or two), never more than the configured few.
   */
  get maxInFlight(): number {
    const needed = Math.ceil(this.#rate * (this.#latencyMs / 1000) * 1.2) + 1;
    return Math.min(this.#options.concurrency, Math.max(2, needed));
  }

  /**
   * Sends in flight or not yet recorded, at most: half a second at the pace (never fewer than twice the sends in
   * flight), so a crash repeats at most the last second's sends even when result inserts slow down.
   */
  get unrecordedCap(): number {
    return Math.max(2 * this.maxInFlight, Math.ceil(this.#rate / 2));
  }

  /** Refill below this many held deliveries: about 1.5 s of sending, plus however long a scan has been taking. */
  lowWater(scanMs: number): number {
    return Math.max(2 * this.maxInFlight, Math.ceil(this.#rate * (1.5 + scanMs / 1000)));
  }

  isPaused(now: number): boolean {
    return now < this.#pausedUntil;
  }

  /** How long until the platform's pace allows another send (infinity: the budget wakes the lane). */
  waitMs(now: number): number {
    return this.#budget.bulkWaitMs(now);
  }

  chatWaitMs(chatId: string, now: number): number {
    return this.#chats.waitMs(chatId, now);
  }

  /** A send starts now to this chat. */
  take(chatId: string, now: number): void {
    this.#budget.takeBulk(now);
    this.#chats.take(chatId, now);
  }

  /** A send that started at `startedAt` (monotonic) has finished. */
  noteFinished(startedAt: number): void {
    const now = monotonic();
    this.#latencyMs = 0.8 * this.#latencyMs + 0.2 * (now - startedAt);
    this.#budget.finished(now);
  }

  noteSent(): void {
    this.#rateLimitStreak = 0;
    this.#temporaryStreak = 0;
  }

  /** A 429: pauses the whole platform, as long as it asked or by a growing backoff; returns the pause. */
  noteRateLimited(retryAfterMs: number | undefined): number {
    this.#rateLimitStreak += 1;
    const waitMs = retryAfterMs ?? backoffMs(this.#rateLimitStreak, BARE_RATE_LIMIT_BACKOFF);
    this.#pauseFor(waitMs);
    this.#budget.pauseFor(waitMs);
    return waitMs;
  }

  noteTemporaryFailure(): void {
    this.#temporaryStreak += 1;
    if (this.#temporaryStreak >= 3) {
      // Several in a row: the platform itself is struggling, so slow down everything, not just this delivery.
      this.#pauseFor(backoffMs(this.#temporaryStreak - 2, this.#options.backoff));
    }
  }

  #pauseFor(waitMs: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, monotonic() + waitMs);
  }

  /** When the pace allows what stopped the dispatch (monotonic); infinity when a finished send will wake the lane. */
  wakeAt(stoppedBy: StopReason, now: number, soonestChatWaitMs: () => number): number {
    if (stoppedBy === 'paused') return this.#pausedUntil;
    if (stoppedBy === 'pace') return now + this.#budget.bulkWaitMs(now);
    if (stoppedBy === 'chats') return now + soonestChatWaitMs();
    return Number.POSITIVE_INFINITY;
  }
}
