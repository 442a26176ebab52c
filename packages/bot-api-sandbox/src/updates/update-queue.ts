import { type ApiError, conflict } from '../api/api-error.ts';
import type { ApiUpdate } from '../api/api-types.ts';

interface WaitingPoll {
  finish(error?: ApiError): void;
}

/**
 * One bot's unconfirmed updates. An update stays until getUpdates is called with a greater offset (or a webhook
 * acknowledges it), so a bot that crashes before confirming gets it again, as on Telegram.
 */
export class UpdateQueue {
  #pending: ApiUpdate[] = [];
  #poll: WaitingPoll | undefined;

  get size(): number {
    return this.#pending.length;
  }

  pending(): readonly ApiUpdate[] {
    return this.#pending;
  }

  push(update: ApiUpdate): void {
    this.#pending.push(update);
    this.#poll?.finish();
  }

  remove(updateId: number): void {
    this.#pending = this.#pending.filter((u) => u.update_id !== updateId);
  }

  drop(): void {
    this.#pending = [];
  }

  /** A positive offset confirms every update below it; a negative one keeps only the last |offset| updates. */
  confirm(offset: number): void {
    if (offset > 0) this.#pending = this.#pending.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.#pending = this.#pending.slice(offset);
  }

  /**
   * Long polling: answers at once when updates are pending, otherwise when one arrives, the timeout passes or the
   * client goes away. A newer poll ends the older one with 409, as Telegram does with two bot instances.
   */
  poll(limit: number, timeoutSeconds: number, signal: AbortSignal): Promise<ApiUpdate[]> {
    this.#poll?.finish(
      conflict('terminated by other getUpdates request; make sure that only one bot instance is running'),
    );
    if (this.#pending.length > 0 || timeoutSeconds <= 0 || signal.aborted) {
      return Promise.resolve(this.#pending.slice(0, limit));
    }
    return new Promise((resolve, reject) => {
      const poll: WaitingPoll = {
        finish: (error) => {
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          if (this.#poll === poll) this.#poll = undefined;
          if (error) reject(error);
          else resolve(this.#pending.slice(0, limit));
        },
      };
      const onAbort = () => poll.finish();
      const timer = setTimeout(() => poll.finish(), timeoutSeconds * 1000);
      signal.addEventListener('abort', onAbort);
      this.#poll = poll;
    });
  }

  /** Ends a waiting poll, with an error (a webhook was set) or with what is pending (shutdown). */
  interrupt(error?: ApiError): void {
    this.#poll?.finish(error);
  }
}
