/**
 * How late a timer may fire without the pace losing that time for good: a lane woken 10 ms late at 1,000/s may start
 * the 10 sends it missed. At least half a send of slack whatever the rate (at 30/s, one send at a time); the sliding
 * window of the send budget still caps every second.
 */
const TIMER_SLACK_MS = 15;

/**
 * At most `perSecond` sends on average and `burst` back to back (more at a high rate, see TIMER_SLACK_MS); times are
 * monotonic milliseconds (`performance.now()`), so a test's fake wall clock never stalls the pace.
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
    this.#burst = Math.max(Math.max(1, burst) + 0.5, 1 + (perSecond * TIMER_SLACK_MS) / 1000);
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
