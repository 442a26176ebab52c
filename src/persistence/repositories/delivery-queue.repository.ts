import { findByIds } from '../find-by-ids.ts';
import { insertUnordered } from '../insert-unordered.ts';
import type { DeliveryDocument } from '../models/delivery.model.ts';
import type { DeliveryCancellationDocument } from '../models/delivery-cancellation.model.ts';
import type { DeliveryClaimDocument } from '../models/delivery-claim.model.ts';
import type { DeliveryResultDocument } from '../models/delivery-result.model.ts';
import type { Models } from '../models/index.ts';
import type { DeliveryRepository, SendableDelivery, SettleChange } from './delivery.repository.ts';
import {
  deliveryId,
  settleFromResult,
  sharedMessages,
  toCancellation,
  toSendable,
  toStoredMessage,
} from './delivery-documents.ts';
import { liveSenderOwners } from './delivery-sender.repository.ts';
import { isCancelledBy, isClaimFree, latestClaims } from './delivery-view.ts';

interface ScannedFacts {
  resultDocs: DeliveryResultDocument[];
  claimDocs: DeliveryClaimDocument[];
  cancelDocs: DeliveryCancellationDocument[];
  liveOwners: ReadonlySet<string>;
}

/** Sorts queued records into those a sender may claim and those that ended while their record says queued. */
function sortScanned(docs: readonly DeliveryDocument[], facts: ScannedFacts, at: Date) {
  const resultById = new Map(facts.resultDocs.map((r) => [r._id, r]));
  const latest = latestClaims(facts.claimDocs);
  const ready: SendableDelivery[] = [];
  const unsettled: SettleChange[] = [];
  const readMessage = sharedMessages();
  for (const doc of docs) {
    const result = resultById.get(doc._id);
    const claim = latest.get(doc._id);
    if (result) {
      unsettled.push(settleFromResult(result));
    } else if (facts.cancelDocs.some((c) => isCancelledBy(doc, c))) {
      unsettled.push({ id: doc._id, state: 'cancelled', attempts: Math.max(doc.attempts, claim?.attempt ?? 0) });
    } else if (!claim || isClaimFree(claim, at, facts.liveOwners)) {
      ready.push(toSendable(doc, readMessage, claim));
    }
  }
  return { ready, unsettled };
}

/** The deliveries of a dead sender's hand-over (`deliveryId#attempt`) that have no result, each read by `_id`. */
async function unsentOf(models: Models, claimIds: readonly string[]): Promise<SendableDelivery[]> {
  const attempts = new Map(
    claimIds.map((claimId) => {
      const cut = claimId.lastIndexOf('#');
      return [claimId.slice(0, cut), Number(claimId.slice(cut + 1))];
    }),
  );
  const ids = [...attempts.keys()];
  const [docs, resultDocs] = await Promise.all([
    findByIds<DeliveryDocument>(models.deliveries, ids),
    findByIds<DeliveryResultDocument>(models.deliveryResults, ids),
  ]);
  const ended = new Set(resultDocs.map((r) => r._id));
  const readMessage = sharedMessages();
  return docs
    .filter((doc) => doc.state === 'queued' && !ended.has(doc._id))
    .map((doc) => ({ ...toSendable(doc, readMessage), attempt: Math.max(doc.attempts, attempts.get(doc._id) ?? 0) }));
}

/** The outbox as a queue: deliveries go in (enqueue) and senders find the ones they may claim (scanReady). */
export function createDeliveryQueue(
  models: Models,
  now: () => Date,
  /** Every delivery stored, as it is (those waiting for a later hour too). */
  onStored?: (stored: { id: string; campaignId: string; group?: string | undefined }[]) => void,
): Pick<DeliveryRepository, 'enqueue' | 'scanReady' | 'unsentOf'> {
  const { deliveries, deliveryClaims: claims, deliveryResults: results, deliveryCancellations } = models;
  return {
    async enqueue(list, enqueueOptions = {}) {
      const createdAt = now();
      const docs: DeliveryDocument[] = list.map((d, seq) => ({
        _id: d.id ?? deliveryId(d.campaignId, d.recipientKey),
        campaignId: d.campaignId,
        campaignKind: d.campaignKind,
        priority: d.priority,
        platform: d.platform,
        chatId: String(d.chatId),
        recipientKey: d.recipientKey,
        ...(d.group !== undefined && { group: d.group }),
        message: toStoredMessage(d.message),
        state: 'queued',
        attempts: 0,
        nextAttemptAt: d.notBefore ?? createdAt,
        createdAt,
        seq,
      }));
      const { onInserted } = enqueueOptions;
      const readMessage = sharedMessages();
      const { duplicateIndexes } = await insertUnordered(
        (chunk) => deliveries.collection.insertMany(chunk, { ordered: false }),
        docs,
        (inserted) => {
          onStored?.(inserted.map((d) => ({ id: d._id, campaignId: d.campaignId, group: d.group })));
          onInserted?.(inserted.filter((d) => d.nextAttemptAt <= createdAt).map((d) => toSendable(d, readMessage)));
        },
      );
      return { inserted: docs.length - duplicateIndexes.size, duplicates: duplicateIndexes.size };
    },

    async scanReady(platform, limit, owner) {
      const at = now();
      // FerretDB decodes the whole collection for any filter but `_id`, so this runs once per batch, never per message.
      const docs = await deliveries
        .find({ platform, state: 'queued', nextAttemptAt: { $lte: at } })
        .sort({ priority: 1, createdAt: 1, seq: 1 })
        .limit(limit)
        .lean<DeliveryDocument[]>();
      if (docs.length === 0) return { ready: [], unsettled: [], cancellations: [] };
      const filter = { campaignId: { $in: [...new Set(docs.map((d) => d.campaignId))] } };
      const [resultDocs, claimDocs, cancelDocs, liveOwners] = await Promise.all([
        results.find(filter).lean<DeliveryResultDocument[]>(),
        claims.find(filter).lean<DeliveryClaimDocument[]>(),
        deliveryCancellations.find(filter).lean<DeliveryCancellationDocument[]>(),
        // Heartbeats run on real time, whatever business clock the repository was given.
        liveSenderOwners(models, new Date()),
      ]);
      if (owner !== undefined) liveOwners.add(owner);
      const sorted = sortScanned(docs, { resultDocs, claimDocs, cancelDocs, liveOwners }, at);
      return { ...sorted, cancellations: cancelDocs.map(toCancellation) };
    },

    unsentOf: (claimIds) => unsentOf(models, claimIds),
  };
}
