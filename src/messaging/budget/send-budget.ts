import { TokenBucket } from '../outbox/pacing.ts';
import { ChatPace } from './chat-pace.ts';
import { SendWindow } from './send-window.ts';

/** The window the platform's limit is kept over: a second, from when each send finished (see SendWindow). */
export const BUDGET_WINDOW_MS = 1000;

export interface BudgetClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Runs `run` after `ms`; returns the cancel. */
  schedule(run: () => void, ms: number): () => void;
}

/**
 * Sends started late (the event loop was busy) are made up back to back for up to this long: at 30/s a late timer
 * lost its send for good (28-29 a second in the instances bench). The sliding window, not the bucket, keeps every
 * second within the share, whatever bunching this allows.
 */
const CATCH_UP_MS = 100;

/** A platform's per-chat limit: sends per second into one chat, and how many may go back to back. */
export interface PerChatLimit {
  perSecond: number;
  burst: number;
}

/** Telegram's, as the sandbox models it. */
export const TELEGRAM_PER_CHAT: PerChatLimit = { perSecond: 1, burst: 3 };

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
 * token bucket at the same rate spaces the sends, making up those a late timer delayed (CATCH_UP_MS).
 * Both kinds also keep each chat's own limit, through one ChatPace.
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
  /** Every send of this instance to each chat, direct or bulk. */
  readonly chats: ChatPace;
  /** Per chat, the direct send that waits last: the next one goes after it. */
  readonly #chatTurns = new Map<string, Promise<number>>();

  constructor(clock: BudgetClock = realBudgetClock, perChat: PerChatLimit = TELEGRAM_PER_CHAT) {
    this.#clock = clock;
    this.#bucket = new TokenBucket(0.001, 1, clock.now());
    this.chats = new ChatPace(perChat.perSecond, perChat.burst);
  }

  /** Monotonic milliseconds, on the budget's clock. */
  now(): number {
    return this.#clock.now();
  }

  get slots(): number {
    return this.#window.slots;
  }

  /** Sends, direct or bulk, in flight or finished within the window that ends now. */
  sentInWindow(): number {
    return this.#window.count(this.#clock.now());
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

  /** The window's count and the bucket's even rate to match it, with CATCH_UP_MS of sends to make up. */
  #resize(slots: number, now: number): void {
    this.#window.setSlots(slots);
    const perSecond = Math.max(0.001, (this.#window.slots * 1000) / BUDGET_WINDOW_MS);
    this.#bucket.setRate(perSecond, Math.max(1, (perSecond * CATCH_UP_MS) / 1000), now);
  }

  /** The platform refused a send for its rate: nothing more, direct or bulk, until the pause is over. */
  pauseFor(ms: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, this.#clock.now() + ms);
    this.#serve();
  }

  /**
   * Waits for a slot for a direct send, and takes it. Given a chat, first for that chat's turn (its sends keep their
   * order); resolves to the milliseconds since the chat's previous send (infinity: none remembered).
   */
  direct(chat?: string): Promise<number> {
    this.#directAsked += 1;
    if (chat === undefined) return this.#slot();
    const turn = (this.#chatTurns.get(chat) ?? Promise.resolve()).then(async () => {
      await this.#chatFree(chat);
      await this.#slot();
      return this.chats.take(chat, this.#clock.now());
    });
    this.#chatTurns.set(chat, turn);
    void turn.then(() => {
      if (this.#chatTurns.get(chat) === turn) this.#chatTurns.delete(chat);
    });
    return turn;
  }

  /** Resolves once a slot is taken, to infinity (no chat: no previous send to tell of). */
  #slot(): Promise<number> {
    return new Promise((resolve) => {
      this.#waiting.push(() => resolve(Number.POSITIVE_INFINITY));
      this.#serve();
    });
  }

  /** Resolves once the chat's own limit allows a direct send. */
  async #chatFree(chat: string): Promise<void> {
    for (;;) {
      const waitMs = this.chats.directWaitMs(chat, this.#clock.now());
      if (waitMs <= 0) return;
      await new Promise<void>((resolve) => this.#clock.schedule(resolve, waitMs));
    }
  }

  /** Milliseconds until a bulk send may start: never while a direct send waits (infinity: woken by onFree). */
  bulkWaitMs(now: number): number {
    if (this.#waiting.length > 0) return Number.POSITIVE_INFINITY;
    return this.#waitMs(now);
  }

  takeBulk(now: number): void {
    this.#take(now);
  }

  /** A send, direct or bulk, finished (its answer came back, or it failed): its slot frees a window from now. */
  finished(now: number): void {
    this.#window.finish(now);
    this.#serve();
    this.#tell();
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
