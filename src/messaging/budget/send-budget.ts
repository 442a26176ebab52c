import { TokenBucket } from '../outbox/pacing.ts';
import { SendWindow } from './send-window.ts';

/**
 * The window the platform's limit is kept over: a second, plus a little for the network, which can bring two sends
 * a second apart to the server a few milliseconds closer than they left.
 */
export const BUDGET_WINDOW_MS = 1015;

export interface BudgetClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Runs `run` after `ms`; returns the cancel. */
  schedule(run: () => void, ms: number): () => void;
}

export const realBudgetClock: BudgetClock = {
  now: () => performance.now(),
  schedule(run, ms) {
    const timer = setTimeout(run, ms).unref();
    return () => clearTimeout(timer);
  },
};

/**
 * This instance's share of one bot's send limit, spent by both kinds of sends: direct ones (a reply, a board, a
 * confirmation: someone is waiting) go first, and the outbox's bulk sends take what they leave. The share is a count
 * of sends per window (see FleetBudget), kept twice: a sliding window never lets more through in any second, and a
 * token bucket at the same rate spaces the sends evenly, so the network never bunches a burst past the limit.
 */
export class SendBudget {
  readonly #clock: BudgetClock;
  readonly #window = new SendWindow(0, BUDGET_WINDOW_MS);
  readonly #bucket: TokenBucket;
  readonly #waiting: (() => void)[] = [];
  readonly #listeners = new Set<() => void>();
  #pausedUntil = 0;
  #slotsUntil = Number.POSITIVE_INFINITY;
  #cancelTimer: (() => void) | undefined;
  /** Direct sends asked for since the last `takeDemand()`. */
  #directAsked = 0;

  constructor(clock: BudgetClock = realBudgetClock) {
    this.#clock = clock;
    this.#bucket = new TokenBucket(0.001, 1, clock.now());
  }

  get slots(): number {
    return this.#window.slots;
  }

  /** Direct sends waiting for a slot. */
  get waiting(): number {
    return this.#waiting.length;
  }

  /**
   * This instance may now start `slots` sends per window, until `until` (monotonic): past it, none until the next
   * call (its heartbeat is late, so the fleet may no longer count on it to keep to its share).
   */
  setSlots(slots: number, until = Number.POSITIVE_INFINITY): void {
    this.#slotsUntil = until;
    if (slots === this.#window.slots) return;
    this.#resize(slots, this.#clock.now());
    this.#serve();
    this.#tell();
  }

  /** The window's count and the bucket's even rate to match it. */
  #resize(slots: number, now: number): void {
    this.#window.setSlots(slots);
    this.#bucket.setRate(Math.max(0.001, (this.#window.slots * 1000) / BUDGET_WINDOW_MS), 1, now);
  }

  /** The platform refused a send for its rate: nothing more, direct or bulk, until the pause is over. */
  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
    this.#serve();
  }

  /** Waits for a slot for a direct send, and takes it. */
  direct(): Promise<void> {
    this.#directAsked += 1;
    return new Promise((resolve) => {
      this.#waiting.push(resolve);
      this.#serve();
    });
  }

  /** Milliseconds until a bulk send may start: never while a direct send waits (infinity: woken by onFree). */
  bulkWaitMs(now: number): number {
    if (this.#waiting.length > 0) return Number.POSITIVE_INFINITY;
    return this.#waitMs(now);
  }

  takeBulk(now: number): void {
    this.#take(now);
  }

  /** `listener` runs whenever bulk sends may go on: the direct ones were served, or the share changed. */
  onFree(listener: () => void): void {
    this.#listeners.add(listener);
  }

  /** Direct sends asked for since the last call: what this instance needs reserved. */
  takeDemand(): number {
    const asked = this.#directAsked;
    this.#directAsked = 0;
    return asked;
  }

  #waitMs(now: number): number {
    if (now >= this.#slotsUntil) {
      this.#resize(0, now);
      this.#slotsUntil = Number.POSITIVE_INFINITY;
    }
    return Math.max(this.#pausedUntil - now, this.#window.waitMs(now), this.#bucket.waitMs(now), 0);
  }

  #take(now: number): void {
    this.#window.take(now);
    this.#bucket.take(now);
  }

  /** Starts every waiting direct send the share allows now, and sets a timer for the next. */
  #serve(): void {
    this.#cancelTimer?.();
    this.#cancelTimer = undefined;
    const hadWaiting = this.#waiting.length > 0;
    while (this.#waiting.length > 0) {
      const now = this.#clock.now();
      const waitMs = this.#waitMs(now);
      if (waitMs > 0) {
        // Infinity: no share at all yet; the next setSlots() serves them.
        if (Number.isFinite(waitMs)) this.#cancelTimer = this.#clock.schedule(() => this.#serve(), Math.ceil(waitMs));
        return;
      }
      this.#take(now);
      this.#waiting.shift()!();
    }
    if (hadWaiting) this.#tell();
  }

  #tell(): void {
    for (const listener of this.#listeners) listener();
  }
}
