import { INSERT_CHUNK } from '../insert-unordered.ts';
import type { DeliveryDocument } from '../models/delivery.model.ts';
import type { Models } from '../models/index.ts';
import type { DeliveryRepository } from './delivery.repository.ts';
import { mergedView } from './delivery-read.repository.ts';

/** Deletes deliveries with their claims and results: old finished ones (retention) and a recipient's (erasure). */
export function createDeliveryUpkeep(
  models: Models,
  now: () => Date,
): Pick<DeliveryRepository, 'purgeFinishedBefore' | 'forgetRecipient'> {
  const { deliveries, deliveryClaims: claims, deliveryResults: results } = models;
  return {
    async purgeFinishedBefore(date) {
      const docs = await deliveries.find({ createdAt: { $lt: date } }).lean<DeliveryDocument[]>();
      const campaignIds = [...new Set(docs.map((d) => d.campaignId))];
      const merged = await mergedView(models, docs, campaignIds, now);
      const ended = merged.filter((d) => d.state !== 'queued' && d.state !== 'sending').map((d) => d.id);
      for (let start = 0; start < ended.length; start += INSERT_CHUNK) {
        const ids = ended.slice(start, start + INSERT_CHUNK);
        await claims.deleteMany({ deliveryId: { $in: ids } });
        await results.deleteMany({ _id: { $in: ids } });
        await deliveries.deleteMany({ _id: { $in: ids } });
      }
      return ended.length;
    },

    async forgetRecipient(recipientKey) {
      const ids = (await deliveries.find({ recipientKey }, { _id: 1 }).lean<{ _id: string }[]>()).map((d) => d._id);
      if (ids.length > 0) {
        await claims.deleteMany({ deliveryId: { $in: ids } });
        await results.deleteMany({ _id: { $in: ids } });
      }
      const { deletedCount } = await deliveries.deleteMany({ recipientKey });
      return deletedCount;
    },
  };
}
