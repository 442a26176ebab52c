import type { NewResult } from '../../persistence/repositories/delivery.repository.ts';
import type { HeldDelivery, LaneClaims } from './lane-claims.ts';
import { monotonic } from './lane-pace.ts';
import type { OutcomeWriter } from './outcome-writer.ts';

/**
 * How a held delivery leaves the lane: it ends (sent, blocked, failed, cancelled) or is handed back to the outbox;
 * either way the batching writer records it and the lane lets go of it.
 */
export class LaneResults {
  readonly #outcomes: OutcomeWriter;
  readonly #claims: LaneClaims;
  readonly #now: () => Date;
  readonly #running: () => boolean;

  constructor(outcomes: OutcomeWriter, claims: LaneClaims, now: () => Date, running: () => boolean) {
    this.#outcomes = outcomes;
    this.#claims = claims;
    this.#now = now;
    this.#running = running;
  }

  end(delivery: HeldDelivery, state: NewResult['state'], details: Partial<NewResult> = {}): void {
    this.#claims.letGo(delivery.id);
    this.#outcomes.record({
      id: delivery.id,
      campaignId: delivery.campaignId,
      group: delivery.group,
      recipientKey: delivery.recipientKey,
      state,
      attempt: delivery.attempt,
      ...details,
    });
  }

  /** Gives the delivery back (a hand-over record for its attempt): any instance may take it from `notBefore` on. */
  release(delivery: HeldDelivery, notBefore?: Date): void {
    this.#claims.letGo(delivery.id);
    this.#outcomes.release({
      id: delivery.id,
      campaignId: delivery.campaignId,
      attempt: delivery.attempt,
      failures: delivery.failures,
      lastError: delivery.lastError,
      ...(notBefore && { notBefore }),
    });
  }

  /** Gives the delivery back, due at once or after `waitMs`, when this lane looks for it again. */
  handBack(delivery: HeldDelivery, waitMs = 0): void {
    this.release(delivery, waitMs > 0 ? new Date(this.#now().getTime() + waitMs) : undefined);
    // A little late rather than early: the scan must find the hand-over's notBefore passed.
    if (waitMs > 0 && this.#running()) this.#claims.retryAt(monotonic() + waitMs + 5);
  }
}
