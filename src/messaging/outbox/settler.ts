import type { Logger } from '../../logger.ts';
import type { DeliveryRepository, SettleChange } from '../../persistence/repositories/delivery.repository.ts';

const CHUNK = 20;
/**
 * While sending, nothing is settled until this many wait (then two at a time): each settle is an update inside
 * SQLite's one write transaction, which holds the claims and result inserts back (a crash could repeat that long of
 * sends) and, during a broadcast, the card inserts of the wave too. Past the backlog, ended records would start to
 * fill the sender's scans (half their limit of 10,000), so they are settled anyway.
 */
const BUSY_BACKLOG = 5000;
const BUSY_CHUNK = 2;
const BUSY_RECHECK_MS = 1000;
/**
 * The sender counts as busy this long after its last send: a wave's cards are queued chunk by chunk, and between two
 * chunks the lane holds nothing for a moment; settling then took the writer from the next chunk's inserts.
 */
export const QUIET_AFTER_SEND_MS = 2000;

export interface SettlerOptions {
  deliveries: DeliveryRepository;
  logger: Logger;
  /** Something is held or in flight. */
  busy: () => boolean;
  /** When the last send started or finished (epoch ms), 0 if none. */
  lastSendAt: () => number;
}

/**
 * Copies final states onto delivery records in the background, once the sender has been idle for a moment; while it
 * is busy only past a backlog, and then at most a third of the time (it sleeps twice as long as each batch took).
 * Nothing depends on it being done: readers merge results, and a later scan finds what was not settled.
 */
export class Settler {
  readonly #options: SettlerOptions;
  readonly #pending = new Map<string, SettleChange>();
  #running: Promise<void> | undefined;
  #active = false;
  #wake: (() => void) | undefined;

  constructor(options: SettlerOptions) {
    this.#options = options;
  }

  /** Sending now or a moment ago. */
  #busy(): boolean {
    return this.#options.busy() || Date.now() - this.#options.lastSendAt() < QUIET_AFTER_SEND_MS;
  }

  add(changes: readonly SettleChange[]): void {
    for (const change of changes) this.#pending.set(change.id, change);
    this.#kick();
  }

  start(): void {
    this.#active = true;
    this.#kick();
  }

  /** Stops after the batch being written; what is left is found again by the next scan. */
  async stop(): Promise<void> {
    this.#active = false;
    this.#wake?.();
    await this.#running;
    this.#pending.clear();
  }

  #kick(): void {
    if (!this.#active || this.#running || this.#pending.size === 0) return;
    this.#running = this.#run().finally(() => {
      this.#running = undefined;
      this.#kick();
    });
  }

  async #run(): Promise<void> {
    while (this.#active && this.#pending.size > 0) {
      if (this.#busy() && this.#pending.size < BUSY_BACKLOG) {
        await this.#sleep(BUSY_RECHECK_MS);
        continue;
      }
      const chunk = [...this.#pending.values()].slice(0, this.#busy() ? BUSY_CHUNK : CHUNK);
      for (const change of chunk) this.#pending.delete(change.id);
      const started = performance.now();
      try {
        await this.#options.deliveries.settle(chunk);
      } catch (error) {
        this.#options.logger.warn({ err: error }, 'could not settle delivery states; a later scan retries');
      }
      const took = performance.now() - started;
      if (this.#busy() && this.#active) await this.#sleep(took * 2);
    }
  }

  /** Waits, or less if stopped. */
  async #sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.#wake = undefined;
  }
}
