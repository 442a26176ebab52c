/** Callers waiting for the sender to have nothing left to do (drainOnce), resolved together once it has not. */
export class IdleWaiters {
  readonly #waiters: (() => void)[] = [];
  readonly #isIdle: () => boolean;

  constructor(isIdle: () => boolean) {
    this.#isIdle = isIdle;
  }

  /** Resolves every waiter if the sender is idle now. */
  check(): void {
    if (this.#waiters.length === 0 || !this.#isIdle()) return;
    this.releaseAll();
  }

  wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.#waiters.push(resolve);
      this.check();
    });
  }

  /** Resolves every waiter, idle or not (the sender stopped). */
  releaseAll(): void {
    for (const resolve of this.#waiters.splice(0)) resolve();
  }
}
