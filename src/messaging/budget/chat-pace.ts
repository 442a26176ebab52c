/** One chat's recent sends: a token bucket at the per-chat rate, and when the last one started. */
export interface ChatSends {
  tokens: number;
  at: number;
  lastAt: number;
}

/**
 * Added to each chat's interval: the platform counts a send when it arrives, and one can arrive tens of
 * milliseconds sooner after the one before it than it left (measured: 2 ms short of a second drew a 429).
 */
const NETWORK_SLACK_MS = 50;

/** Chats remembered before the ones whose sends no longer count are forgotten. */
const REMEMBERED_CHATS = 10_000;

/**
 * Every send to one chat, the outbox's and the bot's direct ones alike, kept to the platform's per-chat limit
 * (Telegram: about a message a second in one chat, short bursts tolerated; the sandbox: 1/s with a burst of 3).
 * A direct send takes a short burst at once, so a reply of two messages is not held back, and a chat written to
 * within the last few seconds waits for its turn. A bulk send keeps a whole interval after the chat's last message,
 * whoever sent it. Times are monotonic milliseconds.
 */
export class ChatPace {
  /** The time a chat takes to earn one more send. */
  readonly intervalMs: number;
  readonly #burst: number;
  readonly #chats = new Map<string, ChatSends>();

  constructor(perSecond: number, burst: number) {
    this.intervalMs = 1000 / perSecond + NETWORK_SLACK_MS;
    this.#burst = Math.max(1, burst);
  }

  /** Milliseconds until a direct send may go to `chat` (0: now). */
  directWaitMs(chat: string, now: number): number {
    const sends = this.#chats.get(chat);
    if (!sends) return 0;
    const tokens = this.#tokens(sends, now);
    return tokens >= 1 ? 0 : Math.ceil((1 - tokens) * this.intervalMs);
  }

  /** Milliseconds until a bulk send may go to `chat`: one interval after its last message. */
  waitMs(chat: string, now: number): number {
    const sends = this.#chats.get(chat);
    return sends ? Math.max(0, sends.lastAt + this.intervalMs - now) : 0;
  }

  /** A send to `chat` starts now; returns the milliseconds since its previous one (infinity: none remembered). */
  take(chat: string, now: number): number {
    const sends = this.#chats.get(chat);
    const tokens = sends ? this.#tokens(sends, now) : this.#burst;
    // Re-inserted, so the map stays in the order of each chat's last send and the oldest come first.
    this.#chats.delete(chat);
    this.#chats.set(chat, { tokens: tokens - 1, at: now, lastAt: now });
    if (this.#chats.size > REMEMBERED_CHATS) this.#forget(now);
    return sends ? now - sends.lastAt : Number.POSITIVE_INFINITY;
  }

  /** The chat's sends as they count now; undefined when none would hold a send back (nothing worth carrying). */
  state(chat: string, now: number): ChatSends | undefined {
    const sends = this.#chats.get(chat);
    if (!sends || (this.#tokens(sends, now) >= this.#burst && sends.lastAt <= now - this.intervalMs)) return undefined;
    return { ...sends };
  }

  /** Another instance's sends to the chat (carried in its session): whichever of the two holds back more counts. */
  adopt(chat: string, carried: ChatSends, now: number): void {
    const own = this.#chats.get(chat);
    const tokens = Math.min(this.#tokens(carried, now), own ? this.#tokens(own, now) : this.#burst);
    const lastAt = Math.min(now, Math.max(carried.lastAt, own?.lastAt ?? Number.NEGATIVE_INFINITY));
    this.#chats.delete(chat);
    this.#chats.set(chat, { tokens, at: now, lastAt });
  }

  #tokens(sends: ChatSends, now: number): number {
    return Math.min(this.#burst, sends.tokens + Math.max(0, now - sends.at) / this.intervalMs);
  }

  /** Drops the chats whose last send is so old that their bucket is full again: they would wait for nothing. */
  #forget(now: number): void {
    const fullAfterMs = this.#burst * this.intervalMs;
    for (const [chat, sends] of this.#chats) {
      if (sends.lastAt > now - fullAfterMs) return;
      this.#chats.delete(chat);
    }
  }
}
