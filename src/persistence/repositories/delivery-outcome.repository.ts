import { randomUUID } from 'node:crypto';
import { insertUnordered } from '../insert-unordered.ts';
import type { DeliveryCancellationDocument } from '../models/delivery-cancellation.model.ts';
import type { DeliveryResultDocument } from '../models/delivery-result.model.ts';
import type { Models } from '../models/index.ts';
import type { DeliveryRepository } from './delivery.repository.ts';
import { toCancellation } from './delivery-documents.ts';

/**
 * How deliveries end: results recorded by senders (one insert each, first wins), cancels of a campaign or group, and
 * the final states copied onto the delivery records afterwards.
 */
export function createDeliveryOutcomes(
  models: Models,
  now: () => Date,
): Pick<DeliveryRepository, 'recordResults' | 'settle' | 'cancel' | 'cancellations'> {
  const { deliveries, deliveryResults: results, deliveryCancellations } = models;
  return {
    async recordResults(list) {
      const at = now();
      const docs: DeliveryResultDocument[] = list.map((r) => ({
        _id: r.id,
        campaignId: r.campaignId,
        ...(r.group !== undefined && { group: r.group }),
        recipientKey: r.recipientKey,
        state: r.state,
        attempt: r.attempt,
        ...(r.sentMessageId !== undefined && { sentMessageId: r.sentMessageId }),
        ...(r.sentAt !== undefined && { sentAt: r.sentAt }),
        ...(r.lastError !== undefined && { lastError: r.lastError }),
        at,
      }));
      const { duplicateIndexes } = await insertUnordered(
        (chunk) => results.collection.insertMany(chunk, { ordered: false }),
        docs,
      );
      const recorded: string[] = [];
      const duplicates: string[] = [];
      list.forEach((r, index) => {
        (duplicateIndexes.has(index) ? duplicates : recorded).push(r.id);
      });
      return { recorded, duplicates };
    },

    async settle(changes) {
      if (changes.length === 0) return;
      const operations = changes.map((c) => ({
        updateOne: {
          filter: { _id: c.id },
          update: {
            $set: {
              state: c.state,
              attempts: c.attempts,
              ...(c.sentMessageId !== undefined && { sentMessageId: c.sentMessageId }),
              ...(c.sentAt !== undefined && { sentAt: c.sentAt }),
              ...(c.lastError !== undefined && { lastError: c.lastError }),
            },
          },
        },
      }));
      await deliveries.bulkWrite(operations, { ordered: false });
    },

    async cancel(scope) {
      const at = now();
      const doc: DeliveryCancellationDocument = {
        _id: randomUUID(),
        campaignId: scope.campaignId,
        ...(scope.group !== undefined && { group: scope.group }),
        at,
      };
      await deliveryCancellations.create(doc);
      return toCancellation(doc);
    },

    async cancellations(campaignIds) {
      if (campaignIds.length === 0) return [];
      const docs = await deliveryCancellations
        .find({ campaignId: { $in: [...campaignIds] } })
        .lean<DeliveryCancellationDocument[]>();
      return docs.map(toCancellation);
    },
  };
}
