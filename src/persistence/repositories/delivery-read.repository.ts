import type { DeliveryDocument } from '../models/delivery.model.ts';
import type { DeliveryCancellationDocument } from '../models/delivery-cancellation.model.ts';
import type { DeliveryClaimDocument } from '../models/delivery-claim.model.ts';
import type { DeliveryResultDocument } from '../models/delivery-result.model.ts';
import type { Models } from '../models/index.ts';
import type { Delivery, DeliveryRepository } from './delivery.repository.ts';
import { recordFields } from './delivery-documents.ts';
import { type DeliveryFacts, effectiveState, latestClaims } from './delivery-view.ts';
import type { ReadProgressRows } from './kept-progress.ts';

/** What the claims, results and cancellations collections say about the deliveries of some campaigns. */
async function campaignFacts(models: Models, campaignIds: readonly string[]) {
  const filter = { campaignId: { $in: [...campaignIds] } };
  const [resultDocs, claimDocs, cancelDocs] = await Promise.all([
    models.deliveryResults.find(filter).lean<DeliveryResultDocument[]>(),
    models.deliveryClaims.find(filter).lean<DeliveryClaimDocument[]>(),
    models.deliveryCancellations.find(filter).lean<DeliveryCancellationDocument[]>(),
  ]);
  return { resultById: new Map(resultDocs.map((r) => [r._id, r])), latest: latestClaims(claimDocs), cancelDocs };
}

/** The fields of a delivery record its state depends on: counting states never reads (or decodes) the messages. */
const STATE_FIELDS = { _id: 1, campaignId: 1, group: 1, state: 1, attempts: 1, createdAt: 1 } as const;

/** Everything known about some deliveries of the given campaigns, merged into what readers see. */
export async function mergedView(
  models: Models,
  docs: DeliveryDocument[],
  campaignIds: readonly string[],
  now: () => Date,
): Promise<Delivery[]> {
  if (docs.length === 0) return [];
  const { resultById, latest, cancelDocs } = await campaignFacts(models, campaignIds);
  const at = now();
  return docs.map((doc) => {
    const result = resultById.get(doc._id);
    const claim = latest.get(doc._id);
    const facts: DeliveryFacts = { doc, result, latestClaim: claim, cancellations: cancelDocs };
    const lastError = result?.lastError ?? claim?.lastError ?? doc.lastError;
    const sentMessageId = result?.sentMessageId ?? doc.sentMessageId;
    const sentAt = result?.sentAt ?? doc.sentAt;
    return {
      ...recordFields(doc),
      state: effectiveState(facts, at),
      attempts: Math.max(doc.attempts, claim?.attempt ?? 0, result?.attempt ?? 0),
      failures: claim?.failures ?? 0,
      nextAttemptAt: claim?.notBefore ?? doc.nextAttemptAt,
      ...(sentMessageId != null && { sentMessageId }),
      ...(sentAt != null && { sentAt }),
      ...(lastError != null && { lastError }),
      createdAt: doc.createdAt,
    };
  });
}

/** What readers (progress boards, tests, the dashboard) see of deliveries: records merged with claims and results. */
export function createDeliveryReads(
  models: Models,
  now: () => Date,
): Pick<DeliveryRepository, 'get' | 'sentAt' | 'listCampaign' | 'sentIn'> & { progressRows: ReadProgressRows } {
  const { deliveries, deliveryResults: results } = models;
  return {
    async progressRows(campaignId) {
      // Read every few seconds while a campaign is sent (the boards' progress): 5,000 whole records each time were
      // most of the database's reading in a broadcast, and the bot's garbage.
      const docs = await deliveries.find({ campaignId }, STATE_FIELDS).lean<DeliveryFacts['doc'][]>();
      if (docs.length === 0) return [];
      const { resultById, latest, cancelDocs } = await campaignFacts(models, [campaignId]);
      const at = now();
      return docs.map((doc) => {
        const facts = {
          doc,
          result: resultById.get(doc._id),
          latestClaim: latest.get(doc._id),
          cancellations: cancelDocs,
        };
        return { id: doc._id, ...(doc.group != null && { group: doc.group }), state: effectiveState(facts, at) };
      });
    },

    async get(id) {
      const doc = await deliveries.findById(id).lean<DeliveryDocument>();
      if (!doc) return undefined;
      const [merged] = await mergedView(models, [doc], [doc.campaignId], now);
      return merged;
    },

    async sentAt(id) {
      const result = await results.findById(id).lean<DeliveryResultDocument>();
      return result?.state === 'sent' ? result.sentAt : undefined;
    },

    async sentIn(campaignId) {
      const docs = await results
        .find({ campaignId, state: 'sent' }, { _id: 1, recipientKey: 1 })
        .lean<Pick<DeliveryResultDocument, '_id' | 'recipientKey'>[]>();
      return docs.map((doc) => ({ id: doc._id, recipientKey: doc.recipientKey }));
    },

    async listCampaign(campaignId) {
      const docs = await deliveries.find({ campaignId }).sort({ createdAt: 1, seq: 1 }).lean<DeliveryDocument[]>();
      return mergedView(models, docs, [campaignId], now);
    },
  };
}
