import type { Logger } from '../../logger.ts';
import type { Cancellation, DeliveryRepository } from '../../persistence/repositories/delivery.repository.ts';
import { isCancelledBy } from '../../persistence/repositories/delivery-view.ts';

/**
 * The cancels of the campaigns being sent, checked before every send. A cancel made on another instance is seen
 * within `refreshMs`; one made here at once.
 */
export class CancellationCache {
  readonly #deliveries: DeliveryRepository;
  readonly #refreshMs: number;
  readonly #logger: Logger;
  readonly #byCampaign = new Map<string, Cancellation[]>();
  #refreshedAt = Number.NEGATIVE_INFINITY;
  #refreshing: Promise<void> | undefined;

  constructor(deliveries: DeliveryRepository, refreshMs: number, logger: Logger) {
    this.#deliveries = deliveries;
    this.#refreshMs = refreshMs;
    this.#logger = logger;
  }

  covers(delivery: { campaignId: string; group?: string | undefined; createdAt: Date }): boolean {
    return (this.#byCampaign.get(delivery.campaignId) ?? []).some((c) => isCancelledBy(delivery, c));
  }

  /** Cancels are never withdrawn, so what is known only grows (a refresh never hides a cancel made here). */
  add(cancellation: Cancellation): void {
    const list = this.#byCampaign.get(cancellation.campaignId) ?? [];
    const known = list.some((c) => c.group === cancellation.group && c.at.getTime() === cancellation.at.getTime());
    if (!known) this.#byCampaign.set(cancellation.campaignId, [...list, cancellation]);
  }

  addAll(cancellations: readonly Cancellation[]): void {
    for (const cancellation of cancellations) this.add(cancellation);
  }

  /** Reads the cancels of the campaigns being sent again when the last read is older than `refreshMs`. */
  refreshIfStale(campaignIds: () => ReadonlySet<string>): void {
    if (this.#refreshing || performance.now() - this.#refreshedAt < this.#refreshMs) return;
    const ids = [...campaignIds()];
    if (ids.length === 0) return;
    this.#refreshedAt = performance.now();
    this.#refreshing = this.#deliveries
      .cancellations(ids)
      .then((list) => this.addAll(list))
      .catch((error: unknown) => this.#logger.warn({ err: error }, 'could not read cancellations'))
      .finally(() => {
        this.#refreshing = undefined;
      });
  }

  async settled(): Promise<void> {
    await this.#refreshing;
  }
}
