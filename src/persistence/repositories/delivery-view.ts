import type { DeliveryDocument, DeliveryState } from '../models/delivery.model.ts';
import type { DeliveryCancellationDocument } from '../models/delivery-cancellation.model.ts';
import type { DeliveryClaimDocument } from '../models/delivery-claim.model.ts';
import type { DeliveryResultDocument } from '../models/delivery-result.model.ts';

/** A delivery's record plus what the claims, results and cancellations collections say about it. */
export interface DeliveryFacts {
  doc: Pick<DeliveryDocument, '_id' | 'campaignId' | 'group' | 'state' | 'attempts' | 'createdAt'>;
  result: DeliveryResultDocument | undefined;
  latestClaim: LatestClaim | undefined;
  cancellations: readonly CancellationLike[];
}

export type LatestClaim = Pick<
  DeliveryClaimDocument,
  'attempt' | 'owner' | 'leaseUntil' | 'released' | 'notBefore' | 'failures' | 'lastError'
>;
export type CancellationLike = Pick<DeliveryCancellationDocument, 'campaignId' | 'group' | 'at'>;

/** Whether a cancel covers the delivery: same campaign, same group (or all), and enqueued before the cancel. */
export function isCancelledBy(
  delivery: { campaignId: string; group?: string | null | undefined; createdAt: Date },
  cancellation: CancellationLike,
): boolean {
  return (
    cancellation.campaignId === delivery.campaignId &&
    (cancellation.group == null || cancellation.group === delivery.group) &&
    delivery.createdAt.getTime() <= cancellation.at.getTime()
  );
}

/**
 * Whether the next attempt may be taken at `at`: a hand-over blocks until its `notBefore`; a claim until its lease
 * ends or its owner's heartbeat stops (`liveOwners`), whichever comes first, so a dead instance is not waited out.
 */
export function isClaimFree(claim: LatestClaim, at: Date, liveOwners: ReadonlySet<string>): boolean {
  if (claim.released) return (claim.notBefore?.getTime() ?? 0) <= at.getTime();
  return claim.leaseUntil.getTime() <= at.getTime() || !liveOwners.has(claim.owner);
}

/**
 * The state a reader should see. A result wins (it is what happened), then a state already copied onto the record,
 * then a cancel, then a live claim ("sending"); everything else is still queued.
 */
export function effectiveState(facts: DeliveryFacts, now: Date): DeliveryState {
  if (facts.result) return facts.result.state;
  if (facts.doc.state !== 'queued' && facts.doc.state !== 'sending') return facts.doc.state;
  if (facts.cancellations.some((c) => isCancelledBy(facts.doc, c))) return 'cancelled';
  const claim = facts.latestClaim;
  if (claim && !claim.released && claim.leaseUntil.getTime() > now.getTime()) return 'sending';
  return 'queued';
}

/** The newest claim of each delivery, from any list of claims. */
export function latestClaims<C extends LatestClaim & { deliveryId: string }>(claims: readonly C[]): Map<string, C> {
  const latest = new Map<string, C>();
  for (const claim of claims) {
    const known = latest.get(claim.deliveryId);
    // The hand-over of an attempt comes after that attempt's claim.
    if (!known || known.attempt < claim.attempt || (known.attempt === claim.attempt && claim.released)) {
      latest.set(claim.deliveryId, claim);
    }
  }
  return latest;
}
