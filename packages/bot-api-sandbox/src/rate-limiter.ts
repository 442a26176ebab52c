import type { SandboxLimits } from './sandbox-options.ts';

/** Classic token bucket: `capacity` back-to-back sends, refilled at `perSecond`. */
export class TokenBucket {
  readonly #capacity: number;
  readonly #perSecond: number;
  #tokens: number;
  #updatedAt: number;

  constructor(capacity: number, perSecond: number, now: number) {
    this.#capacity = capacity;
    this.#perSecond = perSecond;
    this.#tokens = capacity;
    this.#updatedAt = now;
  }

  /** Milliseconds until one token is available (0 when one is available now). */
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : ((1 - this.#tokens) / this.#perSecond) * 1000;
  }

  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
  }

  #refill(now: number): void {
    const elapsed = Math.max(0, now - this.#updatedAt) / 1000;
    this.#tokens = Math.min(this.#capacity, this.#tokens + elapsed * this.#perSecond);
    this.#updatedAt = now;
  }
}

/** One bot's send limits: a bucket per chat and one for the whole bot; a refused send consumes nothing. */
export class SendLimiter {
  readonly #limits: SandboxLimits;
  readonly #chats = new Map<number, TokenBucket>();
  #global: TokenBucket;

  constructor(limits: SandboxLimits, now = Date.now()) {
    this.#limits = limits;
    this.#global = new TokenBucket(limits.globalBurst, limits.globalPerSecond, now);
  }

  /** Takes a send slot for the chat, or returns the seconds to wait (Telegram's retry_after, at least 1). */
  acquire(chatId: number, now = Date.now()): number | undefined {
    let chat = this.#chats.get(chatId);
    if (!chat) {
      chat = new TokenBucket(this.#limits.perChatBurst, this.#limits.perChatPerSecond, now);
      this.#chats.set(chatId, chat);
    }
    const waitMs = Math.max(chat.waitMs(now), this.#global.waitMs(now));
    if (waitMs > 0) return Math.max(1, Math.ceil(waitMs / 1000));
    chat.take(now);
    this.#global.take(now);
    return undefined;
  }
}
