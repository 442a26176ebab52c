import type { Logger } from '../../logger.ts';
import type { DeliveryRepository, NewResult, Release } from '../../persistence/repositories/delivery.repository.ts';

export interface OutcomeWriterOptions {
  deliveries: DeliveryRepository;
  owner: string;
  logger: Logger;
  /** Called with the results this writer stored (not those another instance had already stored). */
  onRecorded: (results: readonly NewResult[]) => void;
  /** After each stored batch, and when nothing is left to store. */
  onFlushed: () => void;
}

/**
 * While results come fast, inserts start at most this often: at 1,000 sends a second the inserts took a millisecond
 * or two each, so the batches held one or two results and the database committed hundreds of times a second, beside
 * the wave's own inserts. A result waits at most this long more before it is stored (see the lane's unrecorded cap).
 */
export const RESULT_INTERVAL_MS = 50;
/**
 * Fast means this many results within an interval. Slower, each is stored at once as before: a volunteer may type
 * the answer to a card the moment it arrives, and a typed answer counts only for a card recorded as sent.
 */
export const BATCHING_FROM = 10;

/**
 * Stores results and hand-overs in batches (group commit): whatever finished while one insert ran, or in the short
 * interval since it started, goes in the next, so the database sees a few inserts per second, not one per message.
 * Until stored, a result counts as in flight: a crash then may resend that delivery, which is the bound on duplicates.
 */
export class OutcomeWriter {
  readonly #options: OutcomeWriterOptions;
  #results: NewResult[] = [];
  /** Results in the batch being written now. */
  #writing = 0;
  #releases: Release[] = [];
  #running: Promise<void> | undefined;
  #failures = 0;
  /** When the last insert started (monotonic). */
  #lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Results handed in during the current interval and the one before it, to tell a fast stream from a few. */
  #arrivals = { since: Number.NEGATIVE_INFINITY, count: 0, before: 0 };

  constructor(options: OutcomeWriterOptions) {
    this.#options = options;
  }

  get pending(): number {
    return this.#results.length + this.#releases.length + (this.#running ? 1 : 0);
  }

  /** Sends made whose results are not stored yet: what a crash now could send again. */
  get unstoredResults(): number {
    return this.#results.length + this.#writing;
  }

  record(result: NewResult): void {
    const now = performance.now();
    const arrivals = this.#arrivals;
    if (now - arrivals.since >= RESULT_INTERVAL_MS) {
      arrivals.before = now - arrivals.since < 2 * RESULT_INTERVAL_MS ? arrivals.count : 0;
      arrivals.since = now;
      arrivals.count = 0;
    }
    arrivals.count += 1;
    this.#results.push(result);
    this.#schedule();
  }

  /** Results are coming fast enough that batching them is worth a short wait. */
  get #fast(): boolean {
    return Math.max(this.#arrivals.count, this.#arrivals.before) >= BATCHING_FROM;
  }

  release(release: Release): void {
    this.#releases.push(release);
    this.#schedule();
  }

  /** Resolves when everything handed in so far is stored. */
  async flush(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #schedule(): void {
    this.#running ??= this.#run().finally(() => {
      this.#running = undefined;
      this.#options.onFlushed();
    });
  }

  async #run(): Promise<void> {
    // Let the current turn of the event loop add its outcomes to this batch.
    await Promise.resolve();
    const { deliveries, owner, logger } = this.#options;
    while (this.#results.length > 0 || this.#releases.length > 0) {
      const waitMs = this.#lastWriteAt + RESULT_INTERVAL_MS - performance.now();
      if (waitMs > 0 && this.#fast) await new Promise((resolve) => setTimeout(resolve, waitMs));
      this.#lastWriteAt = performance.now();
      const results = this.#results.splice(0);
      const releases = this.#releases.splice(0);
      this.#writing = results.length;
      try {
        const [stored] = await Promise.all([
          results.length > 0 ? deliveries.recordResults(results) : { recorded: [], duplicates: [] },
          releases.length > 0 ? deliveries.release(releases, owner) : undefined,
        ]);
        this.#failures = 0;
        if (stored.duplicates.length > 0) {
          logger.warn({ deliveries: stored.duplicates }, 'deliveries already had a result from another instance');
        }
        const recorded = new Set(stored.recorded);
        this.#writing = 0;
        this.#options.onRecorded(results.filter((r) => recorded.has(r.id)));
        this.#options.onFlushed();
      } catch (error) {
        // Keep them and try again: a result lost here would mean sending that delivery again after its lease.
        this.#writing = 0;
        this.#results.unshift(...results);
        this.#releases.unshift(...releases);
        this.#failures += 1;
        const waitMs = Math.min(30_000, 250 * 2 ** this.#failures);
        logger.error({ err: error, waitMs }, 'could not store delivery outcomes; retrying');
        await new Promise((resolve) => setTimeout(resolve, waitMs));
      }
    }
  }
}
