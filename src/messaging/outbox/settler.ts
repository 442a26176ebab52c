import type { Logger } from '../../logger.ts';
import type { DeliveryRepository, SettleChange } from '../../persistence/repositories/delivery.repository.ts';

const CHUNK = 20;
/**
 * While sending, nothing is settled until this many wait (then two at a time): on FerretDB without the `_id` index
 * fix each update scans the collection inside SQLite's one write transaction, and settling while sending held the
 * result inserts back for seconds at 2,000 deliveries (bench/outbox.bench.ts), which is that long of sends a crash
 * could repeat. Past the backlog, ended records would start to fill the sender's scans, so they are settled anyway.
 */
const BUSY_BACKLOG = 2000;
const BUSY_CHUNK = 2;
const BUSY_RECHECK_MS = 1000;

/**
 * Copies final states onto delivery records in the background, mostly once the sender is idle; while it is busy
 * only past a backlog, and then at most a third of the time (it sleeps twice as long as each batch took).
 * Nothing depends on it being done: readers merge results, and a later scan finds what was not settled.
 */
export class Settler {
  readonly #deliveries: DeliveryRepository;
  readonly #logger: Logger;
  readonly #busy: () => boolean;
  readonly #pending = new Map<string, SettleChange>();
  #running: Promise<void> | undefined;
  #active = false;
  #wake: (() => void) | undefined;

  constructor(deliveries: DeliveryRepository, logger: Logger, busy: () => boolean) {
    this.#deliveries = deliveries;
    this.#logger = logger;
    this.#busy = busy;
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
        await this.#deliveries.settle(chunk);
      } catch (error) {
        this.#logger.warn({ err: error }, 'could not settle delivery states; a later scan retries');
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
