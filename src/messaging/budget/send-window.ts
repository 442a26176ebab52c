/**
 * At most `slots` sends started within any window of `windowMs` (monotonic milliseconds): the platform counts sends
 * per sliding second, so a cap on the same terms holds exactly where a token bucket's burst could pass it.
 */
export class SendWindow {
  readonly #windowMs: number;
  #slots: number;
  /** Start times of the sends still inside the window, oldest first. */
  readonly #starts: number[] = [];

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

  /** Milliseconds until a send may start with `keep` slots left for others (0: now; infinity: no slot at all). */
  waitMs(now: number, keep = 0): number {
    this.#forget(now);
    const allowed = this.#slots - keep;
    if (allowed <= 0) return Number.POSITIVE_INFINITY;
    const over = this.#starts.length - allowed;
    if (over < 0) return 0;
    // The send that must leave the window before the count drops below what is allowed.
    return this.#starts[over]! + this.#windowMs - now;
  }

  /** Sends started within the window that ends now. */
  count(now: number): number {
    this.#forget(now);
    return this.#starts.length;
  }

  take(now: number): void {
    this.#forget(now);
    this.#starts.push(now);
  }

  #forget(now: number): void {
    let gone = 0;
    while (gone < this.#starts.length && this.#starts[gone]! <= now - this.#windowMs) gone += 1;
    if (gone > 0) this.#starts.splice(0, gone);
  }
}
