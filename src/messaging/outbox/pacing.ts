/**
 * At most `perSecond` sends on average and `burst` back to back; times are monotonic milliseconds
 * (`performance.now()`), so a test's fake wall clock never stalls the pace.
 */
export class TokenBucket {
  #perMs = 0;
  #burst = 0;
  #tokens: number;
  #at: number;

  constructor(perSecond: number, burst: number, now: number) {
    this.#configure(perSecond, burst);
    // Start with one token, not a full bucket: a server that just saw another instance's burst would refuse a second.
    this.#tokens = 1;
    this.#at = now;
  }

  /** A new pace from `now` on (another instance started or stopped sharing the platform's rate). */
  setRate(perSecond: number, burst: number, now: number): void {
    this.#refill(now);
    this.#configure(perSecond, burst);
    this.#tokens = Math.min(this.#tokens, this.#burst);
  }

  #configure(perSecond: number, burst: number): void {
    this.#perMs = perSecond / 1000;
    // Half a send of slack, so a timer that fires a millisecond late does not lose that millisecond for good.
    this.#burst = Math.max(1, burst) + 0.5;
  }

  /** Milliseconds until a send is allowed (0: now). */
  waitMs(now: number): number {
    this.#refill(now);
    return this.#tokens >= 1 ? 0 : (1 - this.#tokens) / this.#perMs;
  }

  take(now: number): void {
    this.#refill(now);
    this.#tokens -= 1;
  }

  #refill(now: number): void {
    this.#tokens = Math.min(this.#burst, this.#tokens + Math.max(0, now - this.#at) * this.#perMs);
    this.#at = now;
  }
}
