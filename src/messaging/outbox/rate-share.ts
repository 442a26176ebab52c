import type { Platform } from '../../config.ts';
import type { Logger } from '../../logger.ts';
import type { DeliverySenderRepository } from '../../persistence/repositories/delivery-sender.repository.ts';

export interface RateShareOptions {
  senders: DeliverySenderRepository;
  platform: Platform;
  owner: string;
  /** The platform's global rate, for every instance together. */
  messagesPerSecond: number;
  /** How often a sending instance renews its record and counts the others. */
  intervalMs: number;
  logger: Logger;
  /** The share changed. */
  onChange: (messagesPerSecond: number) => void;
}

/**
 * This instance's part of a platform's global rate. Each instance with work for the platform keeps a heartbeat record
 * and paces itself at the rate divided by the number of live records (its own included), so two instances together
 * stay within the platform's limit, and one alone, or the last one left, gets all of it. Heartbeats run on real time,
 * like the pace they share (not on an injected business clock).
 */
export class RateShare {
  readonly #o: RateShareOptions;
  #senders = 1;
  #active = false;
  #timer: NodeJS.Timeout | undefined;
  #beating: Promise<void> | undefined;

  constructor(options: RateShareOptions) {
    this.#o = options;
  }

  get messagesPerSecond(): number {
    return this.#o.messagesPerSecond / this.#senders;
  }

  /** The lane has work (or has run dry): join the instances sharing the rate, or leave them to it. */
  setActive(active: boolean): void {
    if (active === this.#active) return;
    this.#active = active;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (active) this.#beat();
    else this.#after(() => this.#o.senders.leave(this.#o.platform, this.#o.owner));
  }

  async stop(): Promise<void> {
    this.setActive(false);
    await this.#beating;
  }

  #beat(): void {
    const { intervalMs } = this.#o;
    this.#after(async () => {
      if (!this.#active) return;
      const at = Date.now();
      // A record outlives a few missed heartbeats, not a dead instance for long.
      const count = await this.#o.senders.beat(
        this.#o.platform,
        this.#o.owner,
        new Date(at + 3 * intervalMs),
        new Date(at),
      );
      // Made inactive meanwhile: the leave queued behind this beat removes the record again.
      if (!this.#active) return;
      this.#schedule();
      if (count === this.#senders) return;
      this.#senders = count;
      this.#o.logger.debug({ platform: this.#o.platform, senders: count }, 'sharing the platform rate');
      this.#o.onChange(this.messagesPerSecond);
    });
  }

  #schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.#beat(), this.#o.intervalMs).unref();
  }

  /** Runs database work one call at a time, in order; a failure keeps the last known share. */
  #after(task: () => Promise<void>): void {
    const previous = this.#beating ?? Promise.resolve();
    const next: Promise<void> = previous
      .then(task)
      .catch((error: unknown) => {
        this.#o.logger.warn({ err: error, platform: this.#o.platform }, 'could not share the platform rate');
        if (this.#active) this.#schedule();
      })
      .finally(() => {
        if (this.#beating === next) this.#beating = undefined;
      });
    this.#beating = next;
  }
}
