import { insertUnordered } from '../insert-unordered.ts';
import type { DeliveryClaimDocument } from '../models/delivery-claim.model.ts';
import type { Models } from '../models/index.ts';
import type { DeliveryRepository } from './delivery.repository.ts';

const claimId = (id: string, attempt: number) => `${id}#${attempt}`;

/** A sender's claims on deliveries (one record per attempt) and their hand-overs back to the outbox. */
export function createDeliveryClaims(models: Models, now: () => Date): Pick<DeliveryRepository, 'claim' | 'release'> {
  const claims = models.deliveryClaims;
  return {
    async claim(requests, owner, leaseUntil) {
      const createdAt = now();
      const docs: DeliveryClaimDocument[] = requests.map((r) => ({
        _id: claimId(r.id, r.attempt),
        deliveryId: r.id,
        campaignId: r.campaignId,
        attempt: r.attempt,
        owner,
        leaseUntil,
        failures: r.failures,
        ...(r.lastError !== undefined && { lastError: r.lastError }),
        createdAt,
      }));
      const { duplicateIndexes } = await insertUnordered(
        (chunk) => claims.collection.insertMany(chunk, { ordered: false }),
        docs,
      );
      return new Set(requests.filter((_, index) => !duplicateIndexes.has(index)).map((r) => r.id));
    },

    async release(releases, owner) {
      const createdAt = now();
      const docs: DeliveryClaimDocument[] = releases.map((r) => ({
        // Same attempt as the claim it ends, so `attempts` counts claims; the next claim is attempt + 1.
        _id: `${claimId(r.id, r.attempt)}-released`,
        deliveryId: r.id,
        campaignId: r.campaignId,
        attempt: r.attempt,
        owner,
        leaseUntil: createdAt,
        released: true,
        ...(r.notBefore && { notBefore: r.notBefore }),
        failures: r.failures,
        ...(r.lastError !== undefined && { lastError: r.lastError }),
        createdAt,
      }));
      // A conflict means this attempt was already handed back: nothing more to do.
      await insertUnordered((chunk) => claims.collection.insertMany(chunk, { ordered: false }), docs);
    },
  };
}
