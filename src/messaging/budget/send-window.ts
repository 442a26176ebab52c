/**
 * At most `slots` sends within any window of `windowMs` (monotonic milliseconds), as the platform counts them: when
 * each arrives. A send arrives at the platform after it starts and before its answer comes back, so it holds its slot
 * from its start until a window after it finished: then no window of arrivals can hold more, however the network
 * delays one send and not the next (counting from the start alone, with 15 ms for the network, let 31 into a second
 * of the sandbox's; `npm run bench -- instances`). The price is each send's round trip, a few milliseconds.
 */
export class SendWindow {
  readonly #windowMs: number;
  #slots: number;
  /** Sends started and not yet finished. */
  #inFlight = 0;
  /** When each finished send still inside the window finished, oldest first. */
  readonly #ends: number[] = [];

  constructor(slots: number, windowMs: number) {
    this.#slots = slots;
    this.#windowMs = windowMs;
  }

  get slots(): number {
    return this.#slots;
  }

  setSlots(slots: number): void {
    this.#slots = Math.max(0, Math.floor(slots));
  }

  /**
   * Milliseconds until a send may start with `keep` slots left for others (0: now; infinity: no slot at all, or not
   * before a send in flight finishes).
   */
  waitMs(now: number, keep = 0): number {
    this.#forget(now);
    const allowed = this.#slots - keep;
    if (allowed <= 0) return Number.POSITIVE_INFINITY;
    const over = this.#inFlight + this.#ends.length - allowed;
    if (over < 0) return 0;
    // The finished send that must leave the window before the count drops below what is allowed.
    const end = this.#ends[over];
    return end === undefined ? Number.POSITIVE_INFINITY : end + this.#windowMs - now;
  }

  /** Sends in flight, or finished within the window that ends now. */
  count(now: number): number {
    this.#forget(now);
    return this.#inFlight + this.#ends.length;
  }

  take(now: number): void {
    this.#forget(now);
    this.#inFlight += 1;
  }

  /** A send taken earlier finished now (answered, refused or failed). */
  finish(now: number): void {
    this.#inFlight = Math.max(0, this.#inFlight - 1);
    this.#ends.push(now);
  }

  #forget(now: number): void {
    let gone = 0;
    while (gone < this.#ends.length && this.#ends[gone]! <= now - this.#windowMs) gone += 1;
    if (gone > 0) this.#ends.splice(0, gone);
  }
}
